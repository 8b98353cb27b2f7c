using System.Globalization;
using System.Net;
using DpgMatch.Core.Notifications;
using DpgMatch.Infrastructure.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace DpgMatch.Infrastructure.Email;

/// <summary>
/// Sends through SendGrid's own client, so the same code talks to SendGrid in Azure and to the sink locally.
/// It makes one attempt and reports what happened; retrying, and never retrying a send whose fate is unknown,
/// is the notification service's decision.
/// </summary>
public sealed class SendGridEmailSender(
    HttpClient http,
    IOptions<SendGridOptions> sendGrid,
    IOptions<NotificationOptions> notifications,
    TimeProvider time,
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

        if (message.Headers.Count > 0)
        {
            mail.Headers = new Dictionary<string, string>(message.Headers, StringComparer.Ordinal);
        }

        if (message.Categories.Count > 0)
        {
            mail.AddCategories(message.Categories.ToList());
        }

        Response response;
        try
        {
            response = await client.SendEmailAsync(mail, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // The request never reached the provider: safe to try again.
            return new SendResult(SendOutcome.Transient, 0, null, ex.HttpRequestError.ToString());
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A timeout: the provider may have accepted the mail before the answer was lost.
            return new SendResult(SendOutcome.Unknown, 0, null, "The mail provider did not answer in time.");
        }

        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var id = response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null;
            return new SendResult(SendOutcome.Accepted, status, id, null);
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            InfrastructureLog.MailProviderTransient(logger, status);
            return new SendResult(SendOutcome.RateLimited, status, null, "Rate limited.", ResetAt(response));
        }

        if (status >= 500)
        {
            InfrastructureLog.MailProviderTransient(logger, status);
            return new SendResult(SendOutcome.Transient, status, null, $"HTTP {status}");
        }

        var body = await response.Body.ReadAsStringAsync(cancellationToken);
        return new SendResult(SendOutcome.Rejected, status, null, body.Length > 1000 ? body[..1000] : body);
    }

    /// <summary>SendGrid's X-RateLimit-Reset is the Unix time (seconds) when the limit resets.</summary>
    private DateTimeOffset ResetAt(Response response)
    {
        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return response.Headers.RetryAfter?.Delta is { } delta ? time.GetUtcNow() + delta : time.GetUtcNow().AddMinutes(1);
    }
}
