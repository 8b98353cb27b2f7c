using System.Security.Cryptography;
using System.Text;

namespace DpgMatch.Core.Auth;

public static class ApiKeys
{
    private const string Prefix = "dpgm_";

    /// <summary>A new key with 256 bits of entropy; the prefix makes leaked keys easy to find by secret scanners.</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>
    /// SHA-256 is enough here: keys are long random strings, so a slow password hash would add latency to
    /// every request without making a stolen hash any harder to reverse.
    /// </summary>
    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
