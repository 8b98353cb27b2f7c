using System.Text.Json;

namespace DpgMatch.Tests.Support;

/// <summary>Reading the mail sink's captured payloads, which are SendGrid v3 mail/send bodies.</summary>
public static class SinkMail
{
    /// <summary>
    /// How many officer digests each recipient whose address starts with <paramref name="prefix"/> got. Mail that
    /// a test posted to the sink by hand carries no <c>custom_args</c> and is not a digest.
    /// </summary>
    public static Dictionary<string, int> DigestsTo(IEnumerable<JsonElement> mails, string prefix) =>
        mails.Select(m => m.GetProperty("personalizations")[0])
            .Where(p => p.TryGetProperty("custom_args", out var args) && args.TryGetProperty("kind", out var kind) && kind.GetString() == "officer-digest")
            .Select(p => p.GetProperty("to")[0].GetProperty("email").GetString()!)
            .Where(to => to.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(to => to, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
