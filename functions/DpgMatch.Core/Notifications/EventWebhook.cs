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
    /// <summary>True the first time an event id is seen, false ever after.</summary>
    Task<bool> TryRecordAsync(string eventId, CancellationToken cancellationToken);
}

public sealed record WebhookResult(bool Authentic, int Applied, int Duplicates);

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

        int applied = 0, duplicates = 0;
        foreach (var e in document.RootElement.EnumerateArray())
        {
            var id = Text(e, "sg_event_id");
            var email = Text(e, "email");
            var kind = Text(e, "event");
            if (id is null || email is null || kind is null)
            {
                continue;
            }

            if (!await seen.TryRecordAsync(id, cancellationToken))
            {
                duplicates++;
                continue;
            }

            await ApplyAsync(kind, NotificationIds.RecipientKey(email), Text(e, "notification_id"), Text(e, "reason") ?? kind, cancellationToken);
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
