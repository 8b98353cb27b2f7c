using System.ComponentModel.DataAnnotations;

namespace DpgMatch.Core.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The key that may create principals before any exist. Comes from Key Vault in Azure.</summary>
    [Required]
    [MinLength(16)]
    public string BootstrapAdminKey { get; set; } = "";
}
