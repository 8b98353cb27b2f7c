using System.Security.Cryptography;
using System.Text;

namespace DpgMatch.Infrastructure.Storage;

internal static class Keys
{
    /// <summary>
    /// Organisation names are free text and may hold characters Table storage forbids in keys
    /// ('/', '\', '#', '?'), so partitions are keyed by a hash of the name.
    /// </summary>
    public static string Organisation(string organisation) =>
        "org-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(organisation)))[..32];
}
