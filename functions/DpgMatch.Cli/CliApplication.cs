using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DpgMatch.Cli.Load;
using DpgMatch.Core;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Ranking;
using DpgMatch.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DpgMatch.Cli;

/// <summary>The operators' and analysts' command line. It ranks with the same code the functions run.</summary>
public static class CliApplication
{
    private const string Usage = """
        Usage:
          dpgmatch rank --catalog DIR --needs FILE --out FILE [--ranker learned|baseline] [--model DIR] [--top N]
              Ranks the catalogue (a folder in the DPG registry's layout) for each need in FILE (JSON lines:
              id, title, description, sector, sdgs, country, constraints; other fields ignored) and writes
              need_id<TAB>slug<TAB>score for the top N (default 100) listings of each need.
          dpgmatch train --catalog DIR --out DIR [--written FILE] [--seed N]
              Trains the ranking model on synthetic needs built from the catalogue plus the written, judged
              needs in FILE (default: data/training/written-needs.jsonl next to the app), reports its quality
              on the needs of DPGs held out of training, and writes ranker.zip and ranker.manifest.json.
          dpgmatch evaluate --catalog DIR --needs FILE --qrels FILE [--ranker learned|baseline] [--model DIR]
              Ranks the needs and reports nDCG@10, P@1 and recall@10 against graded judgements
              (need_id<TAB>slug<TAB>grade lines), overall and per difficulty when the needs carry one.
          dpgmatch import --catalog DIR
              Imports a registry folder into the Listings table of the storage account named by the
              AzureWebJobsStorage setting. Unchanged listings are not written again.
          dpgmatch load --url URL --key ADMIN_KEY [--needs N] [--concurrency C] [--replays R] [--storage CONNECTION]
                        [--timeout SECONDS] [--per-organisation M] [--json FILE]
              Drives a running local host (Development, with its mail sink): creates officer keys with the
              bootstrap admin key, posts N needs (default 100) C at a time (default 16), then R replays with the
              same Idempotency-Key, and waits up to SECONDS (default 120) for each need's digest in the mail sink.
              Needs are spread over organisations of at most M needs (default 100), below the daily email cap.
              With --storage (the host's storage connection string) it also times raw batched Tables inserts
              of N entities, samples the queue depths, and reports the ratio. Exits 1 if a post fails, a replay
              answers another need, or a digest is missing or sent twice.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            await output.WriteLineAsync(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            var options = ParseOptions(args.Skip(1).ToArray());
            return args[0] switch
            {
                "rank" => await RankAsync(options, output),
                "train" => await TrainAsync(options, output),
                "evaluate" => await EvaluateAsync(options, output),
                "import" => await ImportAsync(options, output),
                "load" => await LoadAsync(options, output, error),
                _ => Fail(error, $"Unknown command '{args[0]}'.\n{Usage}"),
            };
        }
        catch (ArgumentException ex)
        {
            return Fail(error, ex.Message);
        }
    }

    private static async Task<int> RankAsync(Dictionary<string, string> options, TextWriter output)
    {
        using var embedder = new MiniLmEmbedder();
        using var index = BuildIndex(Required(options, "catalog"), embedder);
        var ranker = Ranker(options, embedder);
        var top = options.TryGetValue("top", out var t) ? int.Parse(t, CultureInfo.InvariantCulture) : 100;
        var lines = new List<string>();
        foreach (var (id, need, _) in ReadNeeds(Required(options, "needs")))
        {
            lines.AddRange(ranker.Rank(need, index, top)
                .Select(r => string.Create(CultureInfo.InvariantCulture, $"{id}\t{r.ListingId}\t{r.Score:0.######}")));
        }

        if (options.TryGetValue("out", out var path))
        {
            await File.WriteAllLinesAsync(path, lines);
        }
        else
        {
            foreach (var l in lines)
            {
                await output.WriteLineAsync(l);
            }
        }

        return 0;
    }

    private static async Task<int> TrainAsync(Dictionary<string, string> options, TextWriter output)
    {
        var seed = options.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : new TrainingOptions().Seed;
        var outDir = Required(options, "out");
        using var embedder = new MiniLmEmbedder();
        var written = options.GetValueOrDefault("written") ?? new RankingOptions().ResolvedTrainingNeedsPath;
        if (!File.Exists(written))
        {
            throw new ArgumentException($"No written needs at {written}.");
        }

        using var index = BuildIndex(Required(options, "catalog"), embedder);
        var stopwatch = Stopwatch.StartNew();
        var (groups, served) = TrainingSet.Build(index, embedder, written, seed);
        var built = stopwatch.Elapsed;
        var (report, model) = ModelTraining.TrainWithHoldOut(groups, served, new TrainingOptions(Seed: seed), $"cold-start-{seed}", TrainingSet.Description);

        Directory.CreateDirectory(outDir);
        await using (var modelFile = File.Create(Path.Combine(outDir, BundledRankerModelSource.ModelFile)))
        await using (var manifestFile = File.Create(Path.Combine(outDir, BundledRankerModelSource.ManifestFile)))
        {
            model.Save(modelFile, manifestFile);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{groups.Count(g => !WrittenNeeds.IsWritten(g))} synthetic and {groups.Count(WrittenNeeds.IsWritten)} written needs, {groups.Sum(g => g.Grades.Count)} rows, built in {built.TotalSeconds:0.0} s; trained with {model.Manifest.Trainer} in {(stopwatch.Elapsed - built).TotalSeconds:0.0} s"));
        await output.WriteLineAsync(report);
        await output.WriteLineAsync($"wrote {Path.Combine(outDir, BundledRankerModelSource.ModelFile)}");
        return 0;
    }

    private static async Task<int> EvaluateAsync(Dictionary<string, string> options, TextWriter output)
    {
        using var embedder = new MiniLmEmbedder();
        using var index = BuildIndex(Required(options, "catalog"), embedder);
        var ranker = Ranker(options, embedder);
        var qrels = File.ReadLines(Required(options, "qrels"))
            .Skip(1)
            .Select(l => l.Split('\t'))
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, int>)g.ToDictionary(p => p[1], p => int.Parse(p[2], CultureInfo.InvariantCulture), StringComparer.Ordinal), StringComparer.Ordinal);

        var results = new List<(string Group, RankingQuality Quality)>();
        foreach (var (id, need, difficulty) in ReadNeeds(Required(options, "needs")))
        {
            if (!qrels.TryGetValue(id, out var grades))
            {
                continue;
            }

            var quality = RankingMetrics.Evaluate(ranker.Rank(need, index, 100).Select(r => r.ListingId).ToArray(), grades);
            results.Add(("all", quality));
            if (difficulty is not null)
            {
                results.Add((difficulty, quality));
            }
        }

        await output.WriteLineAsync($"ranker: {ranker.Name}");
        foreach (var group in results.GroupBy(r => r.Group))
        {
            var mean = RankingQuality.Mean(group.Select(g => g.Quality).ToArray());
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{group.Key,-8} nDCG@10 {mean.NdcgAt10:0.000}  P@1 {mean.PrecisionAt1:0.000}  recall@10 {mean.RecallAt10:0.000}  n {mean.Needs}"));
        }

        return 0;
    }

    private static async Task<int> ImportAsync(Dictionary<string, string> options, TextWriter output)
    {
        var catalog = Path.GetFullPath(Required(options, "catalog"));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Catalog:ImportOnStart"] = "false",
            ["SendGrid:ApiKey"] = builder.Configuration["SendGrid:ApiKey"] ?? "unused-by-import",
            ["Auth:BootstrapAdminKey"] = builder.Configuration["Auth:BootstrapAdminKey"] ?? "unused-by-import-0000",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDpgMatchCore();
        builder.Services.AddDpgMatchInfrastructure(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        var stopwatch = Stopwatch.StartNew();
        var report = await host.Services.GetRequiredService<RegistryImporter>().ImportDirectoryAsync(catalog, CancellationToken.None);
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"created {report.Created}, updated {report.Updated}, unchanged {report.Unchanged}, rejected {report.Rejected.Count} in {stopwatch.ElapsedMilliseconds} ms"));
        foreach (var rejected in report.Rejected)
        {
            await output.WriteLineAsync($"  rejected {rejected.File}: {rejected.Reason}");
        }

        await host.StopAsync();
        return 0;
    }

    private static async Task<int> LoadAsync(Dictionary<string, string> options, TextWriter output, TextWriter error)
    {
        var load = LoadOptions.Parse(options);
        LoadReport report;
        try
        {
            report = await new LoadRunner(load, error).RunAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or Azure.RequestFailedException)
        {
            await error.WriteLineAsync($"load: {ex.Message}");
            return 1;
        }

        await report.WriteTableAsync(output);
        if (load.JsonPath is { } path)
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, LoadJson.Default.LoadReport));
        }

        return report.Passed ? 0 : 1;
    }

    private static CatalogIndex BuildIndex(string catalog, MiniLmEmbedder embedder)
    {
        var listings = RegistryCatalogReader.Read(catalog);
        return new CatalogIndex(listings, embedder.Embed(listings.Select(EmbeddingTexts.Of).ToArray()));
    }

    private static INeedRanker Ranker(Dictionary<string, string> options, MiniLmEmbedder embedder)
    {
        var name = options.GetValueOrDefault("ranker", "learned");
        if (name == "baseline")
        {
            return new BaselineScorer();
        }

        var directory = options.GetValueOrDefault("model") ?? Path.Combine(AppContext.BaseDirectory, "data", "model");
        var model = RankerModel.LoadFiles(Path.Combine(directory, BundledRankerModelSource.ModelFile), Path.Combine(directory, BundledRankerModelSource.ManifestFile));
        return new LearnedRanker(embedder, new FixedModelSource(model));
    }

    private static IEnumerable<(string Id, NeedQuery Need, string? Difficulty)> ReadNeeds(string path) =>
        // The difficulty groups the report only; the ranker never sees it.
        NeedsFile.Read(path).Select(n => (n.Id, n.Need, n.Difficulty));

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value', got '{args[i]}'.");
            }

            options[args[i][2..]] = args[++i];
        }

        return options;
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return 2;
    }

    private sealed class FixedModelSource(RankerModel model) : IRankerModelSource
    {
        public RankerModel Current => model;
    }
}
