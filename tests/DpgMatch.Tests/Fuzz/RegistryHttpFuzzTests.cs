using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using DpgMatch.Core.Listings;
using DpgMatch.Infrastructure.Storage;
using DpgMatch.Tests.Support;
using Xunit.Abstractions;

namespace DpgMatch.Tests.Fuzz;

/// <summary>
/// Mutated registry zips through <c>POST /api/listings/import</c>: fewer than in process, since each HTTP import
/// does the whole request's work, but over the route, its body and content-type handling included. Never a
/// 5xx; a zip that cannot be read is a 422 and writes nothing; a read zip is imported at once (every zip here
/// holds fewer DPGs than a chunk) and its report agrees with what is stored, file by file.
/// </summary>
/// <remarks>
/// Imports write to the catalogue the shared host matches against, so this runs in its collection, where no
/// other test runs meanwhile, under slugs of this run's own, and removes its listings and contacts afterwards.
/// </remarks>
[Collection(LocalHostTests.Name)]
public sealed class RegistryHttpFuzzTests(LocalHostFixture host, ITestOutputHelper output)
{
    public const int Cases = 250;

    private static readonly string?[] OtherContentTypes =
        ["application/json", "application/octet-stream", null, "APPLICATION/ZIP", "application/zip; charset=binary", "multipart/form-data; boundary=x"];

    [Fact]
    public async Task Mutated_registry_zips_posted_to_the_import_route_never_get_a_5xx_and_the_report_agrees_with_storage()
    {
        var prefix = "fz" + Guid.NewGuid().ToString("n")[..8];
        string[] slugs = [$"{prefix}-a", $"{prefix}-b", $"{prefix}-c", $"{prefix}-d"];
        var tables = new TableServiceClient(TestStorage.ConnectionString);
        var store = new ListingTableStore(tables.GetTableClient(TableNames.Listings), tables.GetTableClient(TableNames.CatalogState));
        var contacts = tables.GetTableClient(TableNames.Contacts);
        var admin = await host.CreateKeyAsync("admin", "DpgMatch operators");
        var catalogueSize = await CatalogueSizeAsync();
        var failures = new ConcurrentQueue<string>();
        var outcomes = new ConcurrentDictionary<int, int>();
        var stopwatch = Stopwatch.StartNew();

        try
        {
            foreach (var index in FuzzRun.Cases(Cases))
            {
                await RunCaseAsync(index, slugs, admin, store, contacts, failures, outcomes);
            }
        }
        finally
        {
            await RemoveAsync(prefix, store, tables);
        }

        // The shared host may hold an index read while the fuzz listings existed; it must let them go.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await CatalogueSizeAsync() != catalogueSize && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        output.WriteLine($"registry (HTTP): {outcomes.Values.Sum()} cases in {stopwatch.Elapsed.TotalSeconds:F1} s, seed {FuzzRun.Seed}; "
            + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));
        Assert.Equal(catalogueSize, await CatalogueSizeAsync());
        Assert.True(failures.IsEmpty, FuzzRun.Summary(failures));
    }

    private async Task RunCaseAsync(
        int index, string[] slugs, string admin, ListingTableStore store, TableClient contacts, ConcurrentQueue<string> failures, ConcurrentDictionary<int, int> outcomes)
    {
        var random = FuzzRun.RandomFor("registry-http", index);
        var zip = RegistryZips.Make(random, slugs, allowHugeFiles: random.Next(4) == 0);
        var contentType = random.Next(12) == 0 ? OtherContentTypes[random.Next(OtherContentTypes.Length)] : "application/zip";
        var context = $"{FuzzRun.Replay("registry-http", index)}\nzip: {zip.Description}\ncontent type: {contentType ?? "(none)"}";

        // What the route will make of the zip, read the same way in process.
        RegistrySnapshot? snapshot = null;
        try
        {
            snapshot = RegistrySnapshot.FromZip(new MemoryStream(zip.Bytes, writable: false));
        }
        catch (InvalidDataException)
        {
        }

        var touched = slugs.Concat(snapshot?.Entries.Select(e => e.Slug) ?? []).ToList();
        var before = await RegistryState.ReadAsync(store, contacts, touched);
        FuzzResponse response;
        try
        {
            response = await FuzzHostFixture.SendAsync(host.Client, HttpMethod.Post, "/api/listings/import", admin, zip.Bytes, contentType);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            failures.Enqueue($"The request failed without a response ({ex.Message}): {context}");
            return;
        }

        outcomes.AddOrUpdate(response.Status, 1, (_, n) => n + 1);
        context += $"\nresponse: {response.Summary}";
        var after = await RegistryState.ReadAsync(store, contacts, touched);
        var zipType = string.Equals(contentType?.Split(';')[0].Trim(), "application/zip", StringComparison.OrdinalIgnoreCase);
        var expected = !zipType ? 415 : zip.Bytes.Length == 0 ? 400 : snapshot is null ? 422 : 200;

        if (response.Status >= 500)
        {
            failures.Enqueue("A 5xx: " + context);
        }
        else if (response.Status != expected)
        {
            failures.Enqueue($"Expected {expected}: " + context);
        }
        else if (response.Status != 200)
        {
            if (after.Differences(before).ToList() is { Count: > 0 } changed)
            {
                failures.Enqueue($"A refused upload changed {string.Join(", ", changed)}: " + context);
            }
        }
        else
        {
            using var body = JsonDocument.Parse(response.Body);
            // Reasons quote the files, so they are read without the input policy that would refuse some of them.
            var report = body.RootElement.GetProperty("report").Deserialize<ImportReport>(JsonSerializerOptions.Web)!;
            if (body.RootElement.GetProperty("status").GetString() != "completed")
            {
                failures.Enqueue("An import of fewer DPGs than a chunk was not completed at once: " + context);
            }

            foreach (var problem in RegistryState.Check(snapshot!, report, before, after))
            {
                failures.Enqueue($"{problem}\n{context}");
            }
        }
    }

    private async Task<int> CatalogueSizeAsync()
    {
        using var response = await host.SendAsync(HttpMethod.Get, "/api/listings?pageSize=1", key: null);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>Deletes this run's listings and contacts, then bumps the catalogue's version so every host reads it again.</summary>
    private static async Task RemoveAsync(string prefix, ListingTableStore store, TableServiceClient tables)
    {
        // Every key of this run starts with the prefix; '~' sorts after every character a slug may hold.
        foreach (var table in new[] { tables.GetTableClient(TableNames.Listings), tables.GetTableClient(TableNames.Contacts) })
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(e => e.RowKey.CompareTo(prefix) >= 0 && e.RowKey.CompareTo(prefix + "~") < 0, select: ["PartitionKey", "RowKey"]))
            {
                await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey);
            }
        }

        await store.UpsertAsync([], CancellationToken.None);
    }
}
