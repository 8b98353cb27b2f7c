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
}
