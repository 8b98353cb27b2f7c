using System.Globalization;
using System.Text.Json;
using DpgMatch.Core;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DpgMatch.Cli;

/// <summary>The operators' and analysts' command line.</summary>
public static class CliApplication
{
    private const string Usage = """
        Usage:
          dpgmatch import --catalog DIR
              Imports a DPG registry folder (nominees/ and digitalpublicgoods/) into the Listings table
              of the storage account named by the AzureWebJobsStorage setting. Unchanged listings are
              not written again.
          dpgmatch rank --needs FILE.jsonl --catalog DIR [--out RUN.tsv] [--top N]
              Ranks the catalogue for each need (one JSON object a line: id, title, description, sector,
              sdgs, country, constraints) with the baseline scorer, offline, and writes a run file:
              need_id<TAB>listing_id<TAB>score.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            await output.WriteLineAsync(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        var options = ParseOptions(args.Skip(1).ToArray());
        try
        {
            return args[0] switch
            {
                "rank" => await RankAsync(options, output),
                "import" => await ImportAsync(options, output),
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
        var listings = RegistryCatalogReader.Read(Required(options, "catalog"));
        var index = new Bm25Index(listings);
        var top = options.TryGetValue("top", out var t) ? int.Parse(t, CultureInfo.InvariantCulture) : 100;
        var ranker = new BaselineScorer();
        var lines = new List<string>();
        foreach (var line in await File.ReadAllLinesAsync(Required(options, "needs")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var need = JsonDocument.Parse(line);
            var root = need.RootElement;
            var query = new NeedQuery(
                Text(root, "title") ?? "",
                Text(root, "description") ?? "",
                Text(root, "sector"),
                root.TryGetProperty("sdgs", out var sdgs) ? sdgs.EnumerateArray().Select(s => s.GetInt32()).ToArray() : [],
                Text(root, "country"),
                root.TryGetProperty("constraints", out var c) ? c.EnumerateArray().Select(x => x.GetString() ?? "").ToArray() : []);
            var id = Text(root, "id") ?? throw new ArgumentException("Every need needs an 'id'.");
            lines.AddRange(ranker.Rank(query, index, top)
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
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
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

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return 2;
    }
}
