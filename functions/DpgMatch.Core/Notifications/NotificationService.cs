using DpgMatch.Core.Diagnostics;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Needs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DpgMatch.Core.Notifications;

public sealed class NotificationService(
    INeedStore needs,
    IMatchStore matches,
    INotificationLedger ledger,
    IEmailSender sender,
    IOptions<NotificationOptions> options,
    ILogger<NotificationService> logger)
{
    /// <summary>
    /// Handles one <c>notifications</c> message: at most one email per notification id, however often
    /// the queue delivers it. Retryable failures escape so the host retries and finally poisons the message.
    /// </summary>
    public async Task SendAsync(NotificationRequested message, CancellationToken cancellationToken)
    {
        if (!string.Equals(message.Kind, NotificationKinds.OfficerDigest, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unknown notification kind '{message.Kind}'.");
        }

        var need = await needs.GetAsync(message.Organisation, message.NeedId, cancellationToken);
        if (need is null)
        {
            Log.NotificationNeedMissing(logger, message.NeedId);
            return;
        }

        var id = NotificationIds.For(message.Kind, need.Id, null, need.ContactEmail);
        var recipient = NotificationIds.RecipientKey(need.ContactEmail);
        var claim = await ledger.TryClaimAsync(recipient, id, message.Kind, cancellationToken);
        if (claim != ClaimOutcome.Claimed)
        {
            Log.NotificationSkipped(logger, id, claim.ToString());
            return;
        }

        SendResult result;
        try
        {
            var top = await matches.ListAsync(need.Id, cancellationToken);
            var (subject, text, html) = DigestComposer.Compose(need, top, options.Value.PublicBaseUrl);
            var email = new EmailMessage(
                need.ContactEmail,
                subject,
                text,
                html,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["notification_id"] = id, ["kind"] = message.Kind },
                [message.Kind]);
            result = await sender.SendAsync(email, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nothing reached the provider, or it asked us to come back: let the next delivery try.
            await ledger.ReleaseAsync(recipient, id, CancellationToken.None);
            throw;
        }

        if (result.Outcome == SendOutcome.Accepted)
        {
            await ledger.MarkSentAsync(recipient, id, result.ProviderMessageId, cancellationToken);
            Log.NotificationSent(logger, id, message.Kind);
        }
        else
        {
            await ledger.MarkFailedAsync(recipient, id, result.Reason ?? $"HTTP {result.StatusCode}", cancellationToken);
            Log.NotificationRejected(logger, id, result.StatusCode);
        }
    }
}
