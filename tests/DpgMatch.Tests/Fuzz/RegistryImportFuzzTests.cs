using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Validation;
using DpgMatch.Infrastructure.Storage;
using DpgMatch.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace DpgMatch.Tests.Fuzz;

/// <summary>
/// Mutated registry zips through the code the import route runs, against fresh tables: far more cases than HTTP
/// imports would allow in the time. Most are small zips, imported at once (<see cref="RegistrySnapshot.FromZip"/>,
/// then <see cref="RegistryImporter"/>); every 40th holds more DPGs than a chunk and goes the way of a large upload
/// (<see cref="RegistryImportService"/>: stored, split into chunks, each chunk imported as the queue trigger would,
/// then the job read back). A zip that cannot be read is refused with <see cref="InvalidDataException"/> (the
/// route's 422) and nothing else may escape; a refused file writes no listing and no contact and leaves an earlier
/// import of its slug as it was; an accepted one is stored exactly as read, and the report counts what happened.
/// </summary>
public sealed class RegistryImportFuzzTests(ITestOutputHelper output)
{
    public const int Cases = 1_750;
    private const int BatchSize = 25;
    private const int EveryChunked = 40;

    [Fact]
    public async Task Mutated_registry_zips_never_throw_and_a_refused_file_writes_no_listing_and_no_contact()
    {
        await FuzzRun.CampaignAsync<string>("registry (in process)", Cases, BatchSize, 2, (batch, failures, outcomes) => RunBatchAsync(batch, failures, outcomes), output);
    }

    private static async Task RunBatchAsync(int[] cases, ConcurrentQueue<string> failures, ConcurrentDictionary<string, int> outcomes)
    {
        await using var target = await Target.CreateAsync();
        string[] slugs = ["fuzz-a", "fuzz-b", "fuzz-c", "fuzz-d"];
        var many = Enumerable.Range(0, 60).Select(i => $"fuzz-{i}").Concat(slugs).ToArray();
        foreach (var index in cases)
        {
            var random = FuzzRun.RandomFor("registry", index);
            var chunked = index % EveryChunked == EveryChunked - 1;
            var zip = chunked
                ? RegistryZips.Make(random, many, allowHugeFiles: false, entries: random.Next(RegistryImportService.ChunkSize + 1, many.Length + 1))
                : RegistryZips.Make(random, slugs, allowHugeFiles: true);
            var context = $"{FuzzRun.Replay("registry", index)}\nzip: {zip.Description}";
            try
            {
                if (chunked)
                {
                    await RunChunkedAsync(zip, context, target, failures, outcomes);
                }
                else
                {
                    await RunAsync(zip, context, target, failures, outcomes);
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or InvalidDataException)
            {
                // Reading the tables failed: the rest of this batch would only repeat the failure.
                failures.Enqueue($"What the import stored cannot be read back ({ex.GetType().Name}: {ex.Message}): {context}");
                break;
            }
        }
    }

    private static async Task RunAsync(RegistryZip zip, string context, Target target, ConcurrentQueue<string> failures, ConcurrentDictionary<string, int> outcomes)
    {
        var before = await target.ReadAsync();
        RegistrySnapshot snapshot;
        try
        {
            snapshot = RegistrySnapshot.FromZip(new MemoryStream(zip.Bytes, writable: false));
        }
        catch (InvalidDataException)
        {
            outcomes.AddOrUpdate("zip refused", 1, (_, n) => n + 1);
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            outcomes.AddOrUpdate("threw", 1, (_, n) => n + 1);
            failures.Enqueue($"Reading the zip threw {ex.GetType().Name} ({ex.Message}), which the route does not turn into a 4xx: {context}");
            return;
        }

        ImportReport report;
        try
        {
            report = await target.Importer.ImportAsync(snapshot, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            outcomes.AddOrUpdate("threw", 1, (_, n) => n + 1);
            await ThrewAsync(ex, before, context, target, failures);
            return;
        }

        outcomes.AddOrUpdate(Outcome(report, snapshot), 1, (_, n) => n + 1);
        Check(snapshot, report, before, await target.ReadAsync(), context, failures);
    }

    private static async Task RunChunkedAsync(RegistryZip zip, string context, Target target, ConcurrentQueue<string> failures, ConcurrentDictionary<string, int> outcomes)
    {
        var before = await target.ReadAsync();
        var admin = new Principal("fuzz-admin", Role.Admin, "Fuzz operators", []);
        ImportJobView job;
        try
        {
            var started = await target.Service.StartAsync(admin, zip.Bytes, CancellationToken.None);
            if (started.Kind == ResultKind.Unprocessable)
            {
                outcomes.AddOrUpdate("zip refused", 1, (_, n) => n + 1);
                return;
            }

            while (target.Queue.Sent.TryDequeue(out var message))
            {
                await target.Service.ImportChunkAsync(JsonSerializer.Deserialize(message, DpgMatchJson.Default.RegistryImportChunk)!, CancellationToken.None);
            }

            job = started.Kind == ResultKind.Created ? (await target.Service.GetAsync(admin, started.Value!.Id, CancellationToken.None)).Value! : started.Value!;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            outcomes.AddOrUpdate("threw", 1, (_, n) => n + 1);
            await ThrewAsync(ex, before, context, target, failures);
            return;
        }

        var snapshot = RegistrySnapshot.FromZip(new MemoryStream(zip.Bytes, writable: false));
        outcomes.AddOrUpdate((job.Chunks > 1 ? "chunked, " : "") + Outcome(job.Report, snapshot), 1, (_, n) => n + 1);
        if (job.Status != "completed" || job.ChunksDone != job.Chunks)
        {
            failures.Enqueue($"Every chunk was imported, yet the job is {job.Status} with {job.ChunksDone} of {job.Chunks} chunks: {context}");
        }

        Check(snapshot, job.Report, before, await target.ReadAsync(), context, failures);
    }

    private static string Outcome(ImportReport report, RegistrySnapshot snapshot) =>
        report.Rejected.Count == 0 ? "imported" : report.Rejected.Count == snapshot.Entries.Count ? "every file refused" : "some files refused";

    private static void Check(RegistrySnapshot snapshot, ImportReport report, RegistryState before, RegistryState after, string context, ConcurrentQueue<string> failures)
    {
        foreach (var problem in RegistryState.Check(snapshot, report, before, after))
        {
            var json = JsonSerializer.Serialize(report, DpgMatchJson.Default.ImportReport);
            failures.Enqueue($"{problem}\nreport: {json[..Math.Min(800, json.Length)]}\n{context}");
        }
    }

    private static async Task ThrewAsync(Exception ex, RegistryState before, string context, Target target, ConcurrentQueue<string> failures)
    {
        var left = await target.ReadAsync();
        var cause = ex is AggregateException aggregate ? aggregate.Flatten().InnerExceptions[0] : ex;
        failures.Enqueue($"The import threw {cause.GetType().Name} ({cause.Message.Split('\n')[0]})"
            + (left.Differences(before).ToList() is { Count: > 0 } changed ? $", after writing {string.Join(", ", changed)}" : "")
            + $": {context}\n{string.Join('\n', (cause.StackTrace ?? "").Split('\n').Take(8))}");
    }

    /// <summary>Fresh tables and a blob container for one batch, wired as the hosts wire them, but for the queue.</summary>
    private sealed class Target : IAsyncDisposable
    {
        private readonly TableClient[] tables;
        private readonly BlobContainerClient payloads;

        private Target(TableClient listings, TableClient state, TableClient contacts, TableClient jobs, BlobContainerClient payloads)
        {
            tables = [listings, state, contacts, jobs];
            this.payloads = payloads;
            Store = new ListingTableStore(listings, state);
            Contacts = contacts;
            var embedder = new HashingEmbedder();
            Importer = new RegistryImporter(Store, new ContactTableStore(contacts), embedder, NullLogger<RegistryImporter>.Instance);
            Service = new RegistryImportService(
                Importer,
                new ImportJobTable(jobs),
                new BlobImportPayloadStore(payloads),
                Queue,
                new CatalogIndexProvider(Store, embedder, Options.Create(new MatchingOptions()), TimeProvider.System),
                TimeProvider.System);
        }

        public ListingTableStore Store { get; }

        public TableClient Contacts { get; }

        public RegistryImporter Importer { get; }

        public RegistryImportService Service { get; }

        /// <summary>Where the service's chunk messages go; the test runs each one as the queue trigger would.</summary>
        public CapturingQueue Queue { get; } = new();

        public static async Task<Target> CreateAsync() => new(
            await TestStorage.NewTableAsync("fuzzlistings"),
            await TestStorage.NewTableAsync("fuzzstate"),
            await TestStorage.NewTableAsync("fuzzcontacts"),
            await TestStorage.NewTableAsync("fuzzjobs"),
            new BlobServiceClient(TestStorage.ConnectionString).GetBlobContainerClient("fuzz-" + Guid.NewGuid().ToString("n")));

        public Task<RegistryState> ReadAsync() => RegistryState.ReadAsync(Store, Contacts);

        public async ValueTask DisposeAsync()
        {
            foreach (var table in tables)
            {
                await table.DeleteAsync();
            }

            await payloads.DeleteIfExistsAsync();
        }
    }

    private sealed class CapturingQueue : IQueueSender
    {
        public ConcurrentQueue<string> Sent { get; } = new();

        public Task SendAsync(string queue, string body, CancellationToken cancellationToken, TimeSpan? delay = null)
        {
            Assert.Equal(QueueNames.RegistryImport, queue);
            Sent.Enqueue(body);
            return Task.CompletedTask;
        }
    }
}

/// <summary>What an import can have written: each listing (document, content hash, ETag) and each listing's contacts.</summary>
public sealed record RegistryState(IReadOnlyDictionary<string, StoredState> Listings, IReadOnlyDictionary<string, IReadOnlyList<string>> Contacts)
{
    /// <summary>Everything in the tables: for fresh tables of the fuzz test's own, so that a write to any slug shows.</summary>
    public static async Task<RegistryState> ReadAsync(IListingStore store, TableClient contacts) =>
        Build(await store.GetAllAsync(CancellationToken.None), await ToListAsync(contacts.QueryAsync<TableEntity>()));

    /// <summary>Only these slugs, by point reads and key ranges: for the shared tables, where a full read would be slow.</summary>
    public static async Task<RegistryState> ReadAsync(IListingStore store, TableClient contacts, IEnumerable<string> slugs)
    {
        var listings = new List<StoredListing>();
        var rows = new List<TableEntity>();
        foreach (var slug in slugs.Distinct(StringComparer.Ordinal))
        {
            if (await store.GetAsync(slug, CancellationToken.None) is { } listing)
            {
                listings.Add(listing);
            }

            // Contact row keys are the listing id, '|', then a hash; '}' is the character after '|'.
            var bucket = ListingTableStore.Bucket(slug);
            rows.AddRange(await ToListAsync(contacts.QueryAsync<TableEntity>(e => e.PartitionKey == bucket && e.RowKey.CompareTo(slug + "|") >= 0 && e.RowKey.CompareTo(slug + "}") < 0)));
        }

        return Build(listings, rows);
    }

    private static RegistryState Build(IEnumerable<StoredListing> stored, IEnumerable<TableEntity> contacts)
    {
        var listings = stored.ToDictionary(
            l => l.Listing.Id, l => new StoredState(JsonSerializer.Serialize(l.Listing, DpgMatchJson.Default.Listing), l.ContentHash, l.ETag), StringComparer.Ordinal);
        var byListing = contacts
            .GroupBy(c => c.GetString("ListingId") ?? "", StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<string>)[.. g.Select(c => Describe(c.GetString("Email"), c.GetString("Name"), c.GetString("Organisation"), c.GetString("Role"), c.GetString("Consent"))).Order(StringComparer.Ordinal)],
                StringComparer.Ordinal);
        return new RegistryState(listings, byListing);
    }

    private static async Task<List<TableEntity>> ToListAsync(Azure.AsyncPageable<TableEntity> query)
    {
        var list = new List<TableEntity>();
        await foreach (var entity in query)
        {
            list.Add(entity);
        }

        return list;
    }

    public IEnumerable<string> Differences(RegistryState before) =>
        Listings.Keys.Union(before.Listings.Keys).Union(Contacts.Keys).Union(before.Contacts.Keys).Distinct(StringComparer.Ordinal)
            .Where(slug => !SameAs(before, slug))
            .Select(slug => $"'{slug}'");

    public bool SameAs(RegistryState other, string slug) =>
        Equals(Listings.GetValueOrDefault(slug), other.Listings.GetValueOrDefault(slug))
        && (Contacts.GetValueOrDefault(slug) ?? []).SequenceEqual(other.Contacts.GetValueOrDefault(slug) ?? [], StringComparer.Ordinal);

    /// <summary>Whether storage after an import agrees with its report and with what each file says, file by file.</summary>
    public static IEnumerable<string> Check(RegistrySnapshot snapshot, ImportReport report, RegistryState before, RegistryState after)
    {
        var rejected = new List<string>();
        int created = 0, updated = 0, unchanged = 0;
        foreach (var entry in snapshot.Entries)
        {
            var parsed = RegistryCatalogReader.Parse(entry);
            var was = before.Listings.GetValueOrDefault(entry.Slug);
            var now = after.Listings.GetValueOrDefault(entry.Slug);
            if (parsed.Listing is null)
            {
                rejected.Add(entry.NomineePath ?? entry.ScreeningPath ?? entry.Slug);
                if (!after.SameAs(before, entry.Slug))
                {
                    yield return $"The refused entry '{entry.Slug}' changed what was stored for it (listing {(was is null ? "absent" : "present")} before, {(now is null ? "absent" : "present")} after).";
                }

                continue;
            }

            var hash = RegistryImporter.ContentHash(parsed.Listing, parsed.Contacts);
            if (was is not null && was.Hash == hash)
            {
                unchanged++;
                if (!after.SameAs(before, entry.Slug))
                {
                    yield return $"The unchanged entry '{entry.Slug}' was written again.";
                }

                continue;
            }

            if (was is null)
            {
                created++;
            }
            else
            {
                updated++;
            }

            if (now is null || now.Json != JsonSerializer.Serialize(parsed.Listing, DpgMatchJson.Default.Listing) || now.Hash != hash)
            {
                yield return $"The accepted entry '{entry.Slug}' is not stored as it was read (stored: {(now is null ? "nothing" : now.Json[..Math.Min(300, now.Json.Length)])}).";
            }

            var expectedContacts = parsed.Contacts
                .GroupBy(c => c.Email.Trim().ToLowerInvariant(), StringComparer.Ordinal)
                .Select(g => g.Last())
                .Select(c => Describe(c.Email, c.Name, c.Organisation, c.Role, "none"))
                .Order(StringComparer.Ordinal);
            if (!expectedContacts.SequenceEqual(after.Contacts.GetValueOrDefault(entry.Slug) ?? [], StringComparer.Ordinal))
            {
                yield return $"The contacts stored for '{entry.Slug}' are not the ones its file names.";
            }
        }

        var inZip = snapshot.Entries.Select(e => e.Slug).ToHashSet(StringComparer.Ordinal);
        foreach (var slug in after.Listings.Keys.Union(before.Listings.Keys).Union(after.Contacts.Keys).Where(s => !inZip.Contains(s)).Distinct(StringComparer.Ordinal))
        {
            if (!after.SameAs(before, slug))
            {
                yield return $"'{slug}' is not in the zip, yet what is stored for it changed.";
            }
        }

        if ((report.Created, report.Updated, report.Unchanged) != (created, updated, unchanged))
        {
            yield return $"The report counts {report.Created} created, {report.Updated} updated, {report.Unchanged} unchanged; the files call for {created}, {updated}, {unchanged}.";
        }

        if (!report.Rejected.Select(r => r.File).Order(StringComparer.Ordinal).SequenceEqual(rejected.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            yield return $"The report refuses [{string.Join(", ", report.Rejected.Select(r => r.File))}]; the files that fail are [{string.Join(", ", rejected)}].";
        }
    }

    private static string Describe(string? email, string? name, string? organisation, string? role, string? consent) =>
        string.Join('|', email, name, organisation, role, consent);
}

public sealed record StoredState(string Json, string? Hash, string? ETag);
