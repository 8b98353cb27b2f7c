using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DpgMatch.Core.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DpgMatch.Core.Notifications;

/// <summary>Remembers which provider events were already applied, so a replayed delivery changes nothing.</summary>
public interface IWebhookEventStore
{
    Task<bool> IsRecordedAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>Records an applied event; recording one twice is harmless.</summary>
    Task RecordAsync(string eventId, CancellationToken cancellationToken);
}

public sealed record WebhookResult(bool Authentic, int Applied, int Duplicates);

/// <summary>One event as SendGrid reports it: its id, kind (delivered, bounce, ...), the address and our notification id.</summary>
public sealed record ProviderEvent(string EventId, string Kind, string Email, string? NotificationId, string? Reason = null);

/// <summary>
/// The SendGrid Event Webhook. Each post must carry an ECDSA (P-256, SHA-256) signature over the timestamp and
/// the raw body, made with SendGrid's key, and a timestamp within five minutes. Events are applied once each
/// (by <c>sg_event_id</c>): delivered settles the ledger as sent, even a send whose outcome was unknown; a bounce
/// or drop marks it failed; a bounce or spam report suppresses the address for every kind of mail.
/// </summary>
public sealed class EventWebhook(
    INotificationLedger ledger,
    ISuppressionStore suppressions,
    IWebhookEventStore seen,
    TimeProvider time,
    ILogger<EventWebhook> logger)
{
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(5);

    public async Task<WebhookResult> HandleAsync(
        string? publicKey, string? signature, string? timestamp, byte[] body, CancellationToken cancellationToken)
    {
        if (!IsAuthentic(publicKey, signature, timestamp, body))
        {
            return new WebhookResult(false, 0, 0);
        }

        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return new WebhookResult(true, 0, 0);
        }

        var events = document.RootElement.EnumerateArray()
            .Select(e => new ProviderEvent(Text(e, "sg_event_id")!, Text(e, "event")!, Text(e, "email")!, Text(e, "notification_id"), Text(e, "reason")))
            .Where(e => e.EventId is not null && e.Kind is not null && e.Email is not null)
            .ToArray();
        return await ApplyAsync(events, cancellationToken);
    }

    /// <summary>
    /// Applies events from a source that needs no signature because it runs in this process: the local mail
    /// sink, which reports what it accepted the way SendGrid's webhook does, again after a restart.
    /// </summary>
    public async Task<WebhookResult> ApplyAsync(IReadOnlyList<ProviderEvent> events, CancellationToken cancellationToken)
    {
        int applied = 0, duplicates = 0;
        foreach (var e in events)
        {
            if (await seen.IsRecordedAsync(e.EventId, cancellationToken))
            {
                duplicates++;
                continue;
            }

            // Applied before it is recorded: every effect is idempotent, so an event whose record was lost is
            // applied again harmlessly, whereas a record without its effect would lose the event for good.
            await ApplyAsync(e.Kind, NotificationIds.RecipientKey(e.Email), e.NotificationId, e.Reason ?? e.Kind, cancellationToken);
            await seen.RecordAsync(e.EventId, cancellationToken);
            applied++;
        }

        Log.WebhookApplied(logger, applied, duplicates);
        return new WebhookResult(true, applied, duplicates);
    }

    public bool IsAuthentic(string? publicKey, string? signature, string? timestamp, byte[] body)
    {
        if (string.IsNullOrEmpty(publicKey) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp)
            || !long.TryParse(timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            || (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > ReplayWindow)
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);
            var signed = Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray();
            return ecdsa.VerifyData(signed, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }

    private async Task ApplyAsync(string kind, string recipient, string? notificationId, string reason, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case "delivered" when notificationId is not null:
                await ledger.MarkSentAsync(recipient, notificationId, null, cancellationToken);
                break;
            case "bounce":
            case "dropped":
                if (notificationId is not null)
                {
                    await ledger.MarkFailedAsync(recipient, notificationId, reason, cancellationToken);
                }

                if (kind == "bounce")
                {
                    await suppressions.SuppressAsync(recipient, ISuppressionStore.AllKinds, "bounce", cancellationToken);
                }

                break;
            case "spamreport":
                await suppressions.SuppressAsync(recipient, ISuppressionStore.AllKinds, "spam report", cancellationToken);
                break;
            default:
                break;
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
