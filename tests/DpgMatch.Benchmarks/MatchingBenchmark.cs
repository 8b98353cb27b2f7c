using System.Diagnostics;
using System.Globalization;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Ranking;

namespace DpgMatch.Benchmarks;

/// <summary>
/// Latency of matching one need (embedding the need, BM25F and embedding retrieval, features, one batch of
/// model scoring) against the bundled catalogue and against 100,000 synthetic listings, the BM25-only top-100
/// query on the same index for comparison, and the time to train on 100,000 feedback rows. Every listing has
/// <see cref="ServedPerListing"/> served needs, as the bundled catalogue has from its written needs, so the served
/// features cost what they would with a catalogue that every listing's needs had reached.
/// </summary>
public static class MatchingBenchmark
{
    private const int ServedPerListing = 8;

    public static async Task<int> RunAsync(string catalog, TextWriter output)
    {
        using var embedder = new MiniLmEmbedder();
        var listings = RegistryCatalogReader.Read(catalog);
        var needs = SyntheticNeeds(listings, 40, seed: 1);
        var feedback = SyntheticFeedback(groups: 200, perGroup: 20, seed: 2);
        var model = RankerTrainer.Train(feedback, new TrainingOptions(Trees: 300), "bench", "synthetic", Served(listings, seed: 6));

        using (var small = new CatalogIndex(listings, embedder.Embed(listings.Select(EmbeddingTexts.Of).ToArray())))
        {
            var ranker = new LearnedRanker(embedder, new Fixed(model));
            var times = Measure(needs, n => ranker.Rank(n, small, 10), warmup: 10, runs: 200);
            await output.WriteLineAsync(Line($"bundled catalogue ({listings.Count} listings), learned ranker, one need: p50 {P(times, 50):0.0} ms, p99 {P(times, 99):0.0} ms"));
        }

        var big = SyntheticCatalogue(listings, 100_000, seed: 3);
        var vectors = RandomUnitVectors(big.Count, MiniLmEmbedder.VectorLength, seed: 4);
        var build = Stopwatch.StartNew();
        using var large = new CatalogIndex(big, vectors);
        await output.WriteLineAsync(Line($"100,000 synthetic listings: index built in {build.Elapsed.TotalSeconds:0.0} s"));

        var learned = new LearnedRanker(embedder, new Fixed(RankerTrainer.Train(feedback, new TrainingOptions(Trees: 300), "bench", "synthetic", Served(big, seed: 7))));
        var matchTimes = Measure(needs, n => learned.Rank(n, large, 10), warmup: 10, runs: 200);
        var bm25Times = Measure(needs, n => large.Lexical.Search(CandidateFeaturizer.QueryText(n), 100), warmup: 10, runs: 200);
        await output.WriteLineAsync(Line($"100,000 listings, learned ranker, one need: p50 {P(matchTimes, 50):0.0} ms, p95 {P(matchTimes, 95):0.0} ms, p99 {P(matchTimes, 99):0.0} ms"));
        await output.WriteLineAsync(Line($"100,000 listings, BM25-only top-100 query: p50 {P(bm25Times, 50):0.0} ms, p95 {P(bm25Times, 95):0.0} ms"));
        await output.WriteLineAsync(Line($"ratio of p95s, full match / BM25 only: {P(matchTimes, 95) / P(bm25Times, 95):0.0}"));

        var rows = SyntheticFeedback(groups: 5_000, perGroup: 20, seed: 5);
        var train = Stopwatch.StartNew();
        RankerTrainer.Train(rows, new TrainingOptions(), "bench-100k", "synthetic");
        await output.WriteLineAsync(Line($"training on {rows.Sum(g => g.Grades.Count):N0} feedback rows ({rows.Count:N0} needs): {train.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }

    private static List<double> Measure<T>(List<NeedQuery> needs, Func<NeedQuery, T> run, int warmup, int runs)
    {
        for (var i = 0; i < warmup; i++)
        {
            run(needs[i % needs.Count]);
        }

        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            run(needs[i % needs.Count]);
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
    }

    /// <summary>Needs of about 80 words, recombined from registry descriptions.</summary>
    private static List<NeedQuery> SyntheticNeeds(IReadOnlyList<Listing> listings, int count, int seed)
    {
        var random = new Random(seed);
        var words = listings.SelectMany(l => l.Description.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        return Enumerable.Range(0, count)
            .Select(_ => new NeedQuery(
                string.Join(' ', Enumerable.Range(0, 8).Select(_ => words[random.Next(words.Length)])),
                string.Join(' ', Enumerable.Range(0, 80).Select(_ => words[random.Next(words.Length)])),
                "Health", [3], "Kenya", []))
            .ToList();
    }

    /// <summary>Listings whose descriptions recombine real sentences; ids and names are made up.</summary>
    private static List<Listing> SyntheticCatalogue(IReadOnlyList<Listing> listings, int count, int seed)
    {
        var random = new Random(seed);
        var sentences = listings.SelectMany(l => l.Description.Split(". ", StringSplitOptions.RemoveEmptyEntries)).ToArray();
        return Enumerable.Range(0, count).Select(i =>
        {
            var template = listings[random.Next(listings.Count)];
            var description = string.Join(". ", Enumerable.Range(0, 4).Select(_ => sentences[random.Next(sentences.Length)]));
            return template with { Id = $"synthetic-{i.ToString(CultureInfo.InvariantCulture)}", Name = $"Synthetic {i.ToString(CultureInfo.InvariantCulture)}", Description = description };
        }).ToList();
    }

    private static ServedNeeds Served(IReadOnlyList<Listing> listings, int seed)
    {
        var vectors = RandomUnitVectors(listings.Count * ServedPerListing, MiniLmEmbedder.VectorLength, seed);
        return new ServedNeeds(vectors.Select((v, i) => new ServedNeed($"n{i}", [listings[i / ServedPerListing].Id], v)));
    }

    private static float[][] RandomUnitVectors(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var v = Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }).ToArray();
    }

    private static List<TrainingGroup> SyntheticFeedback(int groups, int perGroup, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, groups).Select(g =>
        {
            var grades = Enumerable.Range(0, perGroup).Select(_ => random.Next(4)).ToArray();
            var features = grades.Select(grade => Enumerable.Range(0, Features.Count)
                .Select(f => (float)(random.NextDouble() + (f == 3 ? grade * 0.3 : 0))).ToArray()).ToArray();
            return new TrainingGroup($"g{g}", features, grades);
        }).ToList();
    }

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Fixed(RankerModel model) : IRankerModelSource
    {
        public RankerModel Current => model;
    }
}
