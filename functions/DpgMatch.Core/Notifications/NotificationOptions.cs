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
}
