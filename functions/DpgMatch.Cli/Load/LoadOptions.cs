using System.Globalization;

namespace DpgMatch.Cli.Load;

/// <summary>What the <c>load</c> verb was asked to do.</summary>
public sealed record LoadOptions(
    Uri Url,
    string AdminKey,
    int Needs,
    int Concurrency,
    int Replays,
    string? Storage,
    TimeSpan EmailTimeout,
    int NeedsPerOrganisation,
    string? JsonPath)
{
    public const int DefaultNeeds = 100;
    public const int DefaultConcurrency = 16;
    public const int DefaultTimeoutSeconds = 120;

    /// <summary>
    /// Below the sample settings' daily email cap per organisation (200): with more needs in one organisation the
    /// rest of the digests would wait for the next day and be counted as missing.
    /// </summary>
    public const int DefaultNeedsPerOrganisation = 100;

    public int Organisations => (Needs + NeedsPerOrganisation - 1) / NeedsPerOrganisation;

    public static LoadOptions Parse(IReadOnlyDictionary<string, string> options)
    {
        var known = new[] { "url", "key", "needs", "concurrency", "replays", "storage", "timeout", "per-organisation", "json" };
        if (options.Keys.FirstOrDefault(k => !known.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            throw new ArgumentException($"Unknown option --{unknown} for load.");
        }

        var url = Required(options, "url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("--url must be an absolute http(s) address, such as http://127.0.0.1:7071.");
        }

        var key = Required(options, "key");
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException("--key must be the bootstrap admin key.");
        }

        return new LoadOptions(
            uri,
            key,
            Count(options, "needs", DefaultNeeds, min: 1),
            Count(options, "concurrency", DefaultConcurrency, min: 1),
            Count(options, "replays", 0, min: 0),
            options.TryGetValue("storage", out var storage) && !string.IsNullOrWhiteSpace(storage) ? storage : null,
            TimeSpan.FromSeconds(Count(options, "timeout", DefaultTimeoutSeconds, min: 1)),
            Count(options, "per-organisation", DefaultNeedsPerOrganisation, min: 1),
            options.GetValueOrDefault("json"));
    }

    private static string Required(IReadOnlyDictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    private static int Count(IReadOnlyDictionary<string, string> options, string name, int fallback, int min)
    {
        if (!options.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new ArgumentException($"--{name} must be a whole number of at least {min}, got '{text}'.");
    }
}
