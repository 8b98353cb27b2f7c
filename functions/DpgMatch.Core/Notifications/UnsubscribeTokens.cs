using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DpgMatch.Core.Notifications;

/// <summary>What an unsubscribe link stands for: one recipient (by key, never by address) and one kind of mail.</summary>
public sealed record UnsubscribeRequest(string RecipientKey, string Kind);

/// <summary>
/// Signed, expiring unsubscribe tokens: HMAC-SHA256 over the recipient key, the kind and the expiry. A link
/// in an email works without logging in, yet cannot be forged or altered to unsubscribe someone else.
/// </summary>
public sealed class UnsubscribeTokens(byte[] key, TimeProvider time)
{
    public string Create(string recipientKey, string kind, TimeSpan validFor)
    {
        var expires = time.GetUtcNow().Add(validFor).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = $"{recipientKey}.{kind}.{expires}";
        return $"{Encode(Encoding.UTF8.GetBytes(payload))}.{Encode(Sign(payload))}";
    }

    public UnsubscribeRequest? Verify(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return null;
        }

        var parts = token.Split('.');
        if (parts.Length != 2 || Decode(parts[0]) is not { } payloadBytes || Decode(parts[1]) is not { } signature)
        {
            return null;
        }

        var payload = Encoding.UTF8.GetString(payloadBytes);
        if (!CryptographicOperations.FixedTimeEquals(Sign(payload), signature))
        {
            return null;
        }

        var fields = payload.Split('.');
        if (fields.Length != 3 || !long.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires)
            || time.GetUtcNow().ToUnixTimeSeconds() > expires)
        {
            return null;
        }

        return new UnsubscribeRequest(fields[0], fields[1]);
    }

    private byte[] Sign(string payload) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload));

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? Decode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Recipients who asked for no more mail of a kind (or, after a bounce or complaint, of any kind).</summary>
public interface ISuppressionStore
{
    public const string AllKinds = "all";

    Task<bool> IsSuppressedAsync(string recipientKey, string kind, CancellationToken cancellationToken);

    Task SuppressAsync(string recipientKey, string kind, string reason, CancellationToken cancellationToken);
}
