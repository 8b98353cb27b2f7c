using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Infrastructure.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace DpgMatch.Benchmarks;

/// <summary>
/// Times a full registry import (read, schema-validate, parse, hash, batched upserts, contacts) into fresh tables,
/// and the raw batched upsert of the same listing documents with the Tables SDK, against the same storage.
/// </summary>
public static class ImportBenchmark
{
    private static readonly MiniLmEmbedder Embedder = new();

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var connection = Environment.GetEnvironmentVariable("DPGMATCH_BENCH_STORAGE")
            ?? throw new InvalidOperationException("Set DPGMATCH_BENCH_STORAGE to a storage connection string.");
        var directory = args.Length > 0 ? args[0] : Path.Combine(FindRoot(), "data", "dpg-registry");
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var service = new TableServiceClient(connection);

        // Warm the connection pool and JIT before anything is timed.
        await ImportOnceAsync(service, directory);
        await RawOnceAsync(service, directory);

        var imports = new List<double>();
        var raws = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            imports.Add(await ImportOnceAsync(service, directory));
            raws.Add(await RawOnceAsync(service, directory));
        }

        var parses = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            foreach (var entry in RegistrySnapshot.FromDirectory(directory).Entries)
            {
                RegistryCatalogReader.Parse(entry);
            }

            parses.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"of which reading and validating the files: median {Median(parses):0} ms"));
        var import = Median(imports);
        var raw = Median(raws);
        var count = RegistrySnapshot.FromDirectory(directory).Entries.Count(e => e.Nominee is not null);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"listings: {count}, runs: {runs}"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"full import: median {import:0} ms ({string.Join(", ", imports.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))})"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"raw batched upsert of the same documents: median {raw:0} ms ({string.Join(", ", raws.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))})"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ratio import / raw: {import / raw:0.00}"));
        return 0;
    }

    private static async Task<double> ImportOnceAsync(TableServiceClient service, string directory)
    {
        var suffix = Guid.NewGuid().ToString("n")[..10];
        var listings = await CreateAsync(service, "benchl" + suffix);
        var state = await CreateAsync(service, "benchs" + suffix);
        var contacts = await CreateAsync(service, "benchc" + suffix);
        var importer = new RegistryImporter(new ListingTableStore(listings, state), new ContactTableStore(contacts), Embedder, NullLogger<RegistryImporter>.Instance);

        var stopwatch = Stopwatch.StartNew();
        await importer.ImportDirectoryAsync(directory, CancellationToken.None);
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;

        await Task.WhenAll(listings.DeleteAsync(), state.DeleteAsync(), contacts.DeleteAsync());
        return elapsed;
    }

    /// <summary>The floor: the same documents, already in memory, upserted in the fewest batches the limits allow.</summary>
    private static async Task<double> RawOnceAsync(TableServiceClient service, string directory)
    {
        var table = await CreateAsync(service, "benchr" + Guid.NewGuid().ToString("n")[..10]);
        var entities = RegistryCatalogReader.Read(directory)
            .Select(l => new TableEntity(ListingTableStore.Bucket(l.Id), l.Id) { ["Document"] = JsonSerializer.Serialize(l, DpgMatchJson.Default.Listing) })
            .ToArray();

        var stopwatch = Stopwatch.StartNew();
        foreach (var partition in entities.GroupBy(e => e.PartitionKey))
        {
            foreach (var batch in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)));
            }
        }

        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        await table.DeleteAsync();
        return elapsed;
    }

    private static async Task<TableClient> CreateAsync(TableServiceClient service, string name)
    {
        var table = service.GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DpgMatch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("DpgMatch.sln not found.");
    }
}
