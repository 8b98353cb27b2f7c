using System.ComponentModel.DataAnnotations;

namespace DpgMatch.Infrastructure.Email;

public sealed class SendGridOptions
{
    public const string Section = "SendGrid";

    [Required]
    public string ApiKey { get; set; } = "";

    /// <summary>The API's base address. Locally it points at the local host's mail sink.</summary>
    [Required]
    [Url]
    public string Host { get; set; } = "https://api.sendgrid.com";

    /// <summary>SendGrid's Event Webhook verification key (base64 DER, ECDSA P-256); without it every event post is refused.</summary>
    public string? WebhookPublicKey { get; set; }
}
