using System.Text;
using System.Text.Json;
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
    ISuppressionStore suppressions,
    ISubscriptionStore subscriptions,
    IDigestStore digests,
    ISpendGuard spendGuard,
    IEmailSender sender,
    IQueueSender queue,
    UnsubscribeTokens tokens,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationService> logger)
{
    /// <summary>
    /// Handles one <c>notifications</c> message. However often the queue delivers it, at most one email goes
    /// out per notification id. A 429 brings the message back after the provider's reset, a 5xx after a
    /// growing delay, and a send whose outcome is unknown (a timeout) is never repeated blindly.
    /// </summary>
    public async Task SendAsync(NotificationRequested message, CancellationToken cancellationToken)
    {
        var need = await needs.GetAsync(message.Organisation, message.NeedId, cancellationToken);
        if (need is null)
        {
            Log.NotificationNeedMissing(logger, message.NeedId);
            return;
        }

        var draft = message.Kind switch
        {
            NotificationKinds.OfficerDigest => await OfficerDigestAsync(need, cancellationToken),
            NotificationKinds.MaintainerFit => await MaintainerFitAsync(need, message, cancellationToken),
            NotificationKinds.MaintainerDaily => await MaintainerDailyAsync(message, cancellationToken),
            NotificationKinds.OfficerAlert => await OfficerAlertAsync(need, message, cancellationToken),
            _ => throw new InvalidOperationException($"Unknown notification kind '{message.Kind}'."),
        };
        if (draft is null)
        {
            return;
        }

        var (email, language, build) = draft.Value;
        // A daily digest is one email per maintainer and day, whichever need's message brings it.
        var id = message.Kind == NotificationKinds.MaintainerDaily
            ? NotificationIds.For(message.Kind, message.Day!, message.PrincipalId, email)
            : NotificationIds.For(message.Kind, need.Id, message.ListingId, email);
        var recipient = NotificationIds.RecipientKey(email);
        if (await suppressions.IsSuppressedAsync(recipient, message.Kind, cancellationToken))
        {
            Log.NotificationSkipped(logger, id, "Suppressed");
            return;
        }

        if (message.Settle)
        {
            var resend = options.Value.UnknownResolution == UnknownResolution.Resend;
            if (!await ledger.SettleUnknownAsync(recipient, id, resend, cancellationToken))
            {
                // The Event Webhook told us what became of it first.
                return;
            }

            Log.NotificationSettled(logger, id, options.Value.UnknownResolution.ToString());
            if (!resend)
            {
                return;
            }

            message = message with { Settle = false };
        }

        var claim = await ledger.TryClaimAsync(recipient, id, message.Kind, TimeSpan.FromSeconds(options.Value.SendingLeaseSeconds), cancellationToken);
        if (claim.Outcome == ClaimOutcome.Abandoned)
        {
            // Its sender died mid-send: as unknown as a timeout, and settled the same way.
            await MarkUnknownAsync(message, recipient, id, "The delivery that claimed it never finished.", cancellationToken);
            return;
        }

        if (claim.Outcome == ClaimOutcome.InFlight)
        {
            // Another delivery is sending it, or died doing so. Look again once its claim has run out, so that a
            // delivery that died before sending cannot take the email with it.
            await queue.SendAsync(
                QueueNames.Notifications,
                JsonSerializer.Serialize(message, DpgMatchJson.Default.NotificationRequested),
                cancellationToken,
                TimeSpan.FromSeconds(options.Value.SendingLeaseSeconds + 5));
            Log.NotificationSkipped(logger, id, claim.Outcome.ToString());
            return;
        }

        if (claim.Outcome != ClaimOutcome.Claimed)
        {
            Log.NotificationSkipped(logger, id, claim.Outcome.ToString());
            return;
        }

        SendResult result;
        try
        {
            // Over the organisation's daily cap: the email waits for the next day, it is never dropped.
            var now = time.GetUtcNow();
            if (!await spendGuard.TryConsumeAsync(need.Organisation, DateOnly.FromDateTime(now.UtcDateTime), options.Value.DailyCapPerOrganisation, cancellationToken))
            {
                var tomorrow = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddMinutes(5), TimeSpan.Zero);
                await RetryLaterAsync(message, recipient, id, tomorrow - now, cancellationToken);
                return;
            }

            var unsubscribe = UnsubscribeUrl(recipient, message.Kind);
            result = await sender.SendAsync(await build(id, unsubscribe), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Nothing reached the provider (the sender answers rather than throws once it has sent): hand the
            // claim back, so the host's retry can send it, and finally poison the message.
            await ledger.ReleaseAsync(recipient, id, CancellationToken.None);
            throw;
        }

        switch (result.Outcome)
        {
            case SendOutcome.Accepted:
                await ledger.MarkSentAsync(recipient, id, result.ProviderMessageId, cancellationToken);
                Log.NotificationSent(logger, id, message.Kind);
                break;
            case SendOutcome.Rejected:
                await ledger.MarkFailedAsync(recipient, id, result.Reason ?? $"HTTP {result.StatusCode}", cancellationToken);
                Log.NotificationRejected(logger, id, result.StatusCode);
                break;
            case SendOutcome.Unknown:
                await MarkUnknownAsync(message, recipient, id, result.Reason ?? "no answer", cancellationToken);
                break;
            case SendOutcome.RateLimited:
                var wait = (result.RetryAt ?? time.GetUtcNow().AddMinutes(1)) - time.GetUtcNow();
                await RetryLaterAsync(message, recipient, id, wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, cancellationToken);
                break;
            case SendOutcome.Transient when claim.Attempts >= options.Value.MaxAttempts:
                await ledger.MarkFailedAsync(recipient, id, $"Gave up after {claim.Attempts} attempts; last: {result.Reason}", cancellationToken);
                Log.NotificationRejected(logger, id, result.StatusCode);
                break;
            case SendOutcome.Transient:
                await RetryLaterAsync(message, recipient, id, Backoff(claim.Attempts), cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"Unexpected send outcome {result.Outcome}.");
        }
    }

    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, attempts)));

    /// <summary>Never resent blindly: the Event Webhook, or the configured rule after a while, settles it.</summary>
    private async Task MarkUnknownAsync(NotificationRequested message, string recipient, string id, string reason, CancellationToken cancellationToken)
    {
        await ledger.MarkUnknownAsync(recipient, id, reason, cancellationToken);
        await queue.SendAsync(
            QueueNames.Notifications,
            JsonSerializer.Serialize(message with { Settle = true }, DpgMatchJson.Default.NotificationRequested),
            cancellationToken,
            TimeSpan.FromMinutes(options.Value.UnknownSettleMinutes));
        Log.NotificationUnknown(logger, id);
    }

    /// <summary>Hands the claim back and queues the message again, invisible until it may be sent.</summary>
    private async Task RetryLaterAsync(NotificationRequested message, string recipient, string id, TimeSpan delay, CancellationToken cancellationToken)
    {
        await ledger.ReleaseAsync(recipient, id, cancellationToken);
        await queue.SendAsync(
            QueueNames.Notifications,
            JsonSerializer.Serialize(message, DpgMatchJson.Default.NotificationRequested),
            cancellationToken,
            delay);
        Log.NotificationDeferred(logger, id, delay.TotalSeconds);
    }

    private delegate Task<EmailMessage> EmailBuilder(string notificationId, string unsubscribeUrl);

    private Task<(string Email, string? Language, EmailBuilder Build)?> OfficerDigestAsync(Need need, CancellationToken cancellationToken) =>
        Task.FromResult<(string, string?, EmailBuilder)?>((need.ContactEmail, need.Language, async (id, unsubscribe) =>
        {
            var top = await matches.ListAsync(need.Id, cancellationToken);
            var (subject, text, html) = DigestComposer.Compose(need, top, options.Value.PublicBaseUrl, unsubscribe);
            return Email(need.ContactEmail, subject, text, html, id, NotificationKinds.OfficerDigest, unsubscribe);
        }));

    private async Task<(string Email, string? Language, EmailBuilder Build)?> OfficerAlertAsync(Need need, NotificationRequested message, CancellationToken cancellationToken)
    {
        var match = await matches.GetAsync(need.Id, message.ListingId!, cancellationToken);
        if (match is null || !need.Status.IsOpen())
        {
            Log.NotificationSkipped(logger, $"{need.Id}/{message.ListingId}", "NoLongerWanted");
            return null;
        }

        return (need.ContactEmail, need.Language, (id, unsubscribe) =>
        {
            var (subject, text, html) = DigestComposer.ComposeAlert(need, match, options.Value.PublicBaseUrl, unsubscribe);
            return Task.FromResult(Email(need.ContactEmail, subject, text, html, id, NotificationKinds.OfficerAlert, unsubscribe));
        });
    }

    private async Task<(string Email, string? Language, EmailBuilder Build)?> MaintainerFitAsync(Need need, NotificationRequested message, CancellationToken cancellationToken)
    {
        var subscription = (await subscriptions.ListAsync(message.ListingId!, cancellationToken))
            .FirstOrDefault(s => s.PrincipalId == message.PrincipalId);
        var match = await matches.GetAsync(need.Id, message.ListingId!, cancellationToken);
        if (subscription is null || subscription.Frequency == Frequencies.Off || match is null || !need.Status.IsOpen())
        {
            Log.NotificationSkipped(logger, $"{need.Id}/{message.ListingId}", "NoLongerWanted");
            return null;
        }

        return (subscription.Email, subscription.Language, (id, unsubscribe) =>
        {
            var (subject, text, html) = DigestComposer.ComposeFit(need, match.ListingName, match.Reasons, unsubscribe, subscription.Language);
            return Task.FromResult(Email(subscription.Email, subject, text, html, id, NotificationKinds.MaintainerFit, unsubscribe));
        });
    }

    private async Task<(string Email, string? Language, EmailBuilder Build)?> MaintainerDailyAsync(NotificationRequested message, CancellationToken cancellationToken)
    {
        var items = await digests.ListAsync(message.PrincipalId!, message.Day!, cancellationToken);
        var fits = new List<(Need Need, Match Match)>();
        Subscription? subscription = null;
        foreach (var item in items)
        {
            var subscriber = (await subscriptions.ListAsync(item.ListingId, cancellationToken)).FirstOrDefault(s => s.PrincipalId == message.PrincipalId);
            if (subscriber is not { Frequency: Frequencies.Daily }
                || await needs.GetAsync(item.Organisation, item.NeedId, cancellationToken) is not { } need || !need.Status.IsOpen()
                || await matches.GetAsync(item.NeedId, item.ListingId, cancellationToken) is not { } match)
            {
                continue;
            }

            subscription ??= subscriber;
            fits.Add((need, match));
        }

        if (subscription is null || fits.Count == 0)
        {
            Log.NotificationSkipped(logger, $"{message.PrincipalId}/{message.Day}", "NothingToSend");
            return null;
        }

        return (subscription.Email, subscription.Language, (id, unsubscribe) =>
        {
            var (subject, text, html) = DigestComposer.ComposeDaily(fits, message.Day!, unsubscribe, subscription.Language);
            return Task.FromResult(Email(subscription.Email, subject, text, html, id, NotificationKinds.MaintainerDaily, unsubscribe));
        });
    }

    private string UnsubscribeUrl(string recipient, string kind) =>
        $"{options.Value.PublicBaseUrl.TrimEnd('/')}/api/unsubscribe?token={tokens.Create(recipient, kind, TimeSpan.FromDays(options.Value.UnsubscribeLinkDays))}";

    private static EmailMessage Email(string to, string subject, string text, string html, string notificationId, string kind, string unsubscribe) =>
        new(
            to,
            subject,
            text,
            html,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["notification_id"] = notificationId, ["kind"] = kind },
            [kind])
        {
            // RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to the link.
            Headers = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["List-Unsubscribe"] = $"<{unsubscribe}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            },
        };
}

/// <summary>Unsubscribing by a signed link, without logging in.</summary>
public sealed class UnsubscribeService(UnsubscribeTokens tokens, ISuppressionStore suppressions, ILogger<UnsubscribeService> logger)
{
    public async Task<bool> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        if (tokens.Verify(token) is not { } request)
        {
            return false;
        }

        await suppressions.SuppressAsync(request.RecipientKey, request.Kind, "unsubscribed", cancellationToken);
        Log.Unsubscribed(logger, request.Kind);
        return true;
    }

    public bool IsValid(string? token) => tokens.Verify(token) is not null;

    public static UnsubscribeTokens CreateTokens(NotificationOptions options, TimeProvider time) =>
        new(Encoding.UTF8.GetBytes(options.SigningKey), time);
}
