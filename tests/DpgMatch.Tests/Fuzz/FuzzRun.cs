using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DpgMatch.Tests.Fuzz;

/// <summary>
/// The seed of a fuzz run and how its cases are drawn. Every case has a Random of its own, derived from the
/// run's seed, the format and the case's index, so a failing case replays alone, without the cases before it.
/// The default seed is fixed, so every run tries the same cases; set <see cref="SeedVariable"/> to explore others.
/// </summary>
public static class FuzzRun
{
    public const string SeedVariable = "DPGMATCH_FUZZ_SEED";
    public const string CaseVariable = "DPGMATCH_FUZZ_CASE";
    public const string ScaleVariable = "DPGMATCH_FUZZ_SCALE";
    public const int DefaultSeed = 20_240_819;

    public static int Seed { get; } = Parse(Environment.GetEnvironmentVariable(SeedVariable)) ?? DefaultSeed;

    /// <summary>When set, only this case index runs in each format: the replay of a reported failure.</summary>
    public static int? OnlyCase { get; } = Parse(Environment.GetEnvironmentVariable(CaseVariable));

    /// <summary>Multiplies every format's number of cases: a longer campaign, or a quick look while writing a test.</summary>
    public static double Scale { get; } =
        double.TryParse(Environment.GetEnvironmentVariable(ScaleVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0 ? scale : 1;

    public static IReadOnlyList<int> Cases(int count)
    {
        var scaled = Math.Max(1, (int)(count * Scale));
        return OnlyCase is { } only ? (only >= 0 && only < scaled ? [only] : []) : Enumerable.Range(0, scaled).ToArray();
    }

    /// <summary>
    /// Runs a format's cases in batches, a few batches at a time, reports how many cases ended how, and fails
    /// with every failure the batches recorded.
    /// </summary>
    public static async Task CampaignAsync<TOutcome>(
        string format,
        int cases,
        int batchSize,
        int parallelBatches,
        Func<int[], ConcurrentQueue<string>, ConcurrentDictionary<TOutcome, int>, Task> runBatch,
        Xunit.Abstractions.ITestOutputHelper output)
        where TOutcome : notnull
    {
        var failures = new ConcurrentQueue<string>();
        var outcomes = new ConcurrentDictionary<TOutcome, int>();
        var stopwatch = Stopwatch.StartNew();

        await Parallel.ForEachAsync(
            Cases(cases).Chunk(batchSize),
            new ParallelOptions { MaxDegreeOfParallelism = parallelBatches },
            async (batch, _) => await runBatch(batch, failures, outcomes));

        output.WriteLine($"{format}: {outcomes.Values.Sum()} cases in {stopwatch.Elapsed.TotalSeconds:F1} s, seed {Seed}; "
            + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(failures.IsEmpty, Summary(failures));
    }

    public static Random RandomFor(string format, int index) => new(Mix(Seed, format, index));

    public static string Replay(string format, int index) =>
        $"{format} case {index} of seed {Seed} (replay it alone with {SeedVariable}={Seed} {CaseVariable}={index})";

    /// <summary>The input as readable text for a failure message: control characters escaped, cut to a length.</summary>
    public static string Excerpt(byte[] bytes, int max = 1500)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var builder = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return text.Length > max ? $"{builder}… ({bytes.Length} bytes in all)" : builder.ToString();
    }

    /// <summary>Failures grouped by what went wrong (the text before the first colon), a few examples of each.</summary>
    public static string Summary(IReadOnlyCollection<string> failures)
    {
        var kinds = failures
            .GroupBy(f => f.Split(": ")[0].Split('\n')[0], StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ToList();
        return $"{failures.Count} failures of {kinds.Count} kinds with seed {Seed}:\n\n"
            + string.Join("\n\n", kinds.Take(6).Select(g => $"[{g.Count()} times] " + string.Join("\n\n  and: ", g.Take(3))));
    }

    /// <summary>
    /// The first string in a stored document that Unicode normalisation refuses, if any. The matcher normalises
    /// every text it reads, so such a string would fail every match of the need or listing that holds it.
    /// </summary>
    public static string? UnnormalisableText(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                return obj.Select(p => UnnormalisableText(p.Value)).FirstOrDefault(p => p is not null);
            case JsonArray array:
                return array.Select(UnnormalisableText).FirstOrDefault(p => p is not null);
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                try
                {
                    _ = value.GetValue<string>().IsNormalized(NormalizationForm.FormC);
                    return null;
                }
                catch (ArgumentException)
                {
                    return value.GetPath();
                }

            default:
                return null;
        }
    }

    private static int? Parse(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static int Mix(int seed, string format, int index)
    {
        // FNV-1a over the format's name (string.GetHashCode changes from process to process), then SplitMix64.
        var x = 14695981039346656037UL;
        foreach (var c in format)
        {
            x = (x ^ c) * 1099511628211UL;
        }

        x ^= ((ulong)(uint)seed << 32) | (uint)index;
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return (int)(x ^ (x >> 31));
    }
}
