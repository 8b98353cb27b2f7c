using DpgMatch.Core.Notifications;
using DpgMatch.Infrastructure.Email;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DpgMatch.Infrastructure.Http;

/// <summary>The SendGrid Event Webhook: 401 unless signed with SendGrid's key within the replay window.</summary>
public sealed class SendGridEventsApi(EventWebhook webhook, IOptions<SendGridOptions> options)
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    public async Task<ApiResponse> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, failure) = await JsonBody.ReadBytesAsync(request, 4 * 1024 * 1024, cancellationToken);
        if (body is null)
        {
            return failure!;
        }

        var result = await webhook.HandleAsync(
            options.Value.WebhookPublicKey,
            request.Headers[SignatureHeader].FirstOrDefault(),
            request.Headers[TimestampHeader].FirstOrDefault(),
            body,
            cancellationToken);
        return result.Authentic
            ? ApiResponse.NoContent()
            : ApiResults.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "The event post is not signed by the mail provider, or is too old.");
    }
}
