using System.Globalization;
using System.Text.Json;

namespace DpgMatch.Cli.Load;

/// <summary>
/// Watches the local host's mail sink (<c>GET /dev/mail</c>, Development only) for the officer digests of one
/// run. One poll serves every need, and with the sink's cursor each poll reads only what arrived since the last.
/// Recipients are the run's own addresses, so mail of earlier runs or other tests is never counted.
/// </summary>
public sealed class MailWatcher
{
    public const string CursorHeader = "X-Mail-Cursor";
    private const string OfficerDigest = "officer-digest";

    private readonly HttpClient http;
    private readonly string prefix;
    private readonly double[] firstSeenMs;
    private readonly int[] digests;
    private readonly object gate = new();
    private string? cursor;

    public MailWatcher(HttpClient http, string contactPrefix, int needs)
    {
        this.http = http;
        prefix = contactPrefix;
        firstSeenMs = Enumerable.Repeat(double.NaN, needs).ToArray();
        digests = new int[needs];
    }

    /// <summary>The address a need of this run gives as its contact; unique per need so its digest can be told apart.</summary>
    public static string Contact(string contactPrefix, int need) =>
        string.Create(CultureInfo.InvariantCulture, $"{contactPrefix}{need}@example.org");

    /// <summary>Reads the sink once; a digest seen for the first time is stamped <paramref name="nowMs"/>.</summary>
    public async Task PollAsync(Func<double> nowMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nowMs);
        var path = cursor is null ? "/dev/mail" : "/dev/mail?after=" + Uri.EscapeDataString(cursor);
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET /dev/mail answered {(int)response.StatusCode}: the host must run in Development, with its mail sink.", null, response.StatusCode);
        }

        var seenAt = nowMs();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var mails = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var incremental = response.Headers.TryGetValues(CursorHeader, out var values);
        lock (gate)
        {
            if (!incremental)
            {
                // A sink without a cursor answers with everything each time: count afresh.
                Array.Clear(digests);
            }

            foreach (var mail in mails.RootElement.EnumerateArray())
            {
                if (mail.ValueKind == JsonValueKind.Object && IsOfficerDigest(mail) && NeedOf(Recipient(mail)) is { } need)
                {
                    digests[need]++;
                    if (double.IsNaN(firstSeenMs[need]))
                    {
                        firstSeenMs[need] = seenAt;
                    }
                }
            }

            if (incremental && values!.FirstOrDefault() is { Length: > 0 } next)
            {
                cursor = next;
            }
        }
    }

    /// <summary>How many of <paramref name="needs"/> have their digest.</summary>
    public int Arrived(IEnumerable<int> needs)
    {
        lock (gate)
        {
            return needs.Count(n => digests[n] > 0);
        }
    }

    public (double FirstSeenMs, int Digests) Of(int need)
    {
        lock (gate)
        {
            return (firstSeenMs[need], digests[need]);
        }
    }

    private int? NeedOf(string? recipient)
    {
        const string domain = "@example.org";
        if (recipient is null || !recipient.StartsWith(prefix, StringComparison.Ordinal) || !recipient.EndsWith(domain, StringComparison.Ordinal))
        {
            return null;
        }

        var number = recipient.AsSpan(prefix.Length, recipient.Length - prefix.Length - domain.Length);
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var need) && need < digests.Length ? need : null;
    }

    private static string? Recipient(JsonElement mail) =>
        First(mail, "personalizations") is { ValueKind: JsonValueKind.Object } personalization
        && First(personalization, "to") is { ValueKind: JsonValueKind.Object } to
        && to.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String
            ? email.GetString()
            : null;

    /// <summary>The notification kind, from its custom argument (per personalization, as the SendGrid client puts it) or its category.</summary>
    private static bool IsOfficerDigest(JsonElement mail)
    {
        foreach (var holder in new[] { mail, First(mail, "personalizations") })
        {
            if (holder is { ValueKind: JsonValueKind.Object } h && h.TryGetProperty("custom_args", out var args) && args.ValueKind == JsonValueKind.Object
                && args.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String)
            {
                return kind.ValueEquals(OfficerDigest);
            }
        }

        return mail.TryGetProperty("categories", out var categories) && categories.ValueKind == JsonValueKind.Array
            && categories.EnumerateArray().Any(c => c.ValueKind == JsonValueKind.String && c.ValueEquals(OfficerDigest));
    }

    private static JsonElement? First(JsonElement element, string property) =>
        element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array && array.GetArrayLength() > 0 ? array[0] : null;
}
