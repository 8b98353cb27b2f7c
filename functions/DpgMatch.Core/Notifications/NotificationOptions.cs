using System.ComponentModel.DataAnnotations;

namespace DpgMatch.Core.Notifications;

public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    [Required]
    [EmailAddress]
    public string FromEmail { get; set; } = "matches@example.org";

    [Required]
    public string FromName { get; set; } = "DpgMatch";

    /// <summary>Where links in emails point: the public address of the API.</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>Signs unsubscribe links (HMAC-SHA256); at least 32 characters. Comes from Key Vault in Azure.</summary>
    [Required]
    [MinLength(32)]
    public string SigningKey { get; set; } = "";

    [Range(1, 365)]
    public int UnsubscribeLinkDays { get; set; } = 90;

    /// <summary>Sends tried this often on 5xx answers before the notification is marked failed.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Most emails a day that one organisation's needs may cause; the rest wait for the next day.</summary>
    [Range(1, 100_000)]
    public int DailyCapPerOrganisation { get; set; } = 200;

    /// <summary>The hour (UTC) of the day after the fits at which maintainers' daily digests go out.</summary>
    [Range(0, 23)]
    public int DailyDigestHourUtc { get; set; } = 7;

    /// <summary>
    /// How long a send that timed out may wait for the Event Webhook to say what became of it. SendGrid's events
    /// arrive within minutes; a day leaves room for an outage of the webhook.
    /// </summary>
    [Range(1, 10_080)]
    public int UnknownSettleMinutes { get; set; } = 1_440;

    /// <summary>
    /// How long a delivery's claim on a send holds before another may call it abandoned. Longer than any send
    /// takes, and shorter than the queue's ten-minute lease, so the redelivery after a crash finds it run out.
    /// </summary>
    [Range(5, 540)]
    public int SendingLeaseSeconds { get; set; } = 300;

    /// <summary>What a send still unknown after <see cref="UnknownSettleMinutes"/> becomes.</summary>
    public UnknownResolution UnknownResolution { get; set; } = UnknownResolution.AssumeSent;
}

public enum UnknownResolution
{
    /// <summary>
    /// Counted as sent. A timed-out request has usually reached the provider, so a resend would most often be a
    /// duplicate; the officer can still see every match on the need's page.
    /// </summary>
    AssumeSent,

    /// <summary>Sent again once: for deployments that would rather risk a duplicate than a missing email.</summary>
    Resend,
}
