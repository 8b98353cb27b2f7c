using System.Security.Cryptography;
using System.Text;

namespace DpgMatch.Core.Notifications;

public static class NotificationIds
{
    /// <summary>The same kind, need and recipient always give the same id: the key that makes sending idempotent.</summary>
    public static string For(string kind, string needId, string? listingId, string recipientEmail) =>
        Hash($"{kind}\n{needId}\n{listingId}\n{recipientEmail.Trim().ToLowerInvariant()}")[..32];

    /// <summary>Partitions the ledger by recipient without putting the address in a key.</summary>
    public static string RecipientKey(string recipientEmail) => Hash(recipientEmail.Trim().ToLowerInvariant())[..32];

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
