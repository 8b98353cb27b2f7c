using DpgMatch.Core.Notifications;
using DpgMatch.Infrastructure.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace DpgMatch.Infrastructure.Email;

/// <summary>Sends through SendGrid's own client, so the same code talks to SendGrid in Azure and to the sink locally.</summary>
public sealed class SendGridEmailSender(
    HttpClient http,
    IOptions<SendGridOptions> sendGrid,
    IOptions<NotificationOptions> notifications,
    ILogger<SendGridEmailSender> logger) : IEmailSender
{
    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var client = new SendGridClient(http, new SendGridClientOptions
        {
            ApiKey = sendGrid.Value.ApiKey,
            Host = sendGrid.Value.Host,
        });

        var mail = MailHelper.CreateSingleEmail(
            new EmailAddress(notifications.Value.FromEmail, notifications.Value.FromName),
            new EmailAddress(message.To),
            message.Subject,
            message.PlainText,
            message.Html);
        foreach (var (key, value) in message.CustomArgs)
        {
            mail.AddCustomArg(key, value);
        }

        if (message.Categories.Count > 0)
        {
            mail.AddCategories(message.Categories.ToList());
        }

        var response = await client.SendEmailAsync(mail, cancellationToken);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var id = response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null;
            return new SendResult(SendOutcome.Accepted, status, id, null);
        }

        if (status == 429 || status >= 500)
        {
            InfrastructureLog.MailProviderTransient(logger, status);
            throw new MailProviderTransientException(status, response.Headers.RetryAfter?.Delta);
        }

        var body = await response.Body.ReadAsStringAsync(cancellationToken);
        return new SendResult(SendOutcome.Rejected, status, null, body.Length > 1000 ? body[..1000] : body);
    }
}
