using Azure.Data.Tables;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Notifications;
using DpgMatch.Infrastructure.Storage;
using DpgMatch.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DpgMatch.Tests.Integration;

public sealed class StoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private static Need SampleNeed(string organisation, string id) => new(
        id, organisation, "owner-1", "Title", "A description of the need.", "Health", [3, 5], "Kenya",
        ["must run offline"], "county", "officer@example.org", NeedStatus.Received,
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_need_round_trips_and_adding_it_twice_stores_it_once()
    {
        var store = new NeedTableStore(await TestStorage.NewTableAsync("needs"));
        var need = SampleNeed("City / of # Tests?", Guid.NewGuid().ToString("n"));

        var (_, created) = await store.AddAsync(need, CancellationToken.None);
        var (again, createdAgain) = await store.AddAsync(need with { Title = "Changed" }, CancellationToken.None);
        var read = await store.GetAsync(need.Organisation, need.Id, CancellationToken.None);
        var listed = await store.ListAsync(need.Organisation, CancellationToken.None);
        var foreign = await store.GetAsync("Another organisation", need.Id, CancellationToken.None);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal("Title", again.Title);
        Assert.NotNull(read);
        Assert.Equal(need.Sdgs, read.Sdgs);
        Assert.Equal(need.Constraints, read.Constraints);
        Assert.Equal(need.ContactEmail, read.ContactEmail);
        Assert.Single(listed);
        Assert.Null(foreign);
    }

    [Fact]
    public async Task Importing_the_bundled_catalogue_twice_writes_nothing_the_second_time()
    {
        var table = await TestStorage.NewTableAsync("listings");
        var contactsTable = await TestStorage.NewTableAsync("contacts");
        var store = new ListingTableStore(table, await TestStorage.NewTableAsync("state"));
        var importer = new RegistryImporter(store, new ContactTableStore(contactsTable), new HashingEmbedder(), NullLogger<RegistryImporter>.Instance);
        var directory = Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry");

        var first = await importer.ImportDirectoryAsync(directory, CancellationToken.None);
        var etags = await ETagsAsync(table);
        var contactEtags = await ETagsAsync(contactsTable);
        var version = await store.GetVersionAsync(CancellationToken.None);
        var second = await importer.ImportDirectoryAsync(directory, CancellationToken.None);

        Assert.Equal((228, 0, 0), (first.Created, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 228), (second.Created, second.Updated, second.Unchanged));
        Assert.Equal(
            ["digitalpublicgoods/public-utility-data-liberation-project.json", "digitalpublicgoods/yallakhedmeh.json"],
            second.Rejected.Select(r => r.File));
        Assert.Equal(etags, await ETagsAsync(table));
        Assert.Equal(contactEtags, await ETagsAsync(contactsTable));
        Assert.Equal(version, await store.GetVersionAsync(CancellationToken.None));

        var stored = await store.GetAllAsync(CancellationToken.None);
        var dhis2 = stored.Single(l => l.Listing.Id == "dhis2").Listing;
        Assert.Contains("Kenya", dhis2.DeploymentCountries);
        Assert.Contains(dhis2.Sdgs, s => s.Number == 3);
        Assert.True(contactEtags.Count > 150);
    }

    [Fact]
    public async Task A_changed_registry_file_rewrites_only_its_own_listing()
    {
        var source = Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry");
        var copy = Path.Combine(Path.GetTempPath(), "registry-" + Guid.NewGuid().ToString("n"));
        CopyDirectory(source, copy);
        try
        {
            var table = await TestStorage.NewTableAsync("listings");
            var store = new ListingTableStore(table, await TestStorage.NewTableAsync("state"));
            var importer = new RegistryImporter(store, new ContactTableStore(await TestStorage.NewTableAsync("contacts")), new HashingEmbedder(), NullLogger<RegistryImporter>.Instance);
            await importer.ImportDirectoryAsync(copy, CancellationToken.None);
            var before = await ETagsAsync(table);

            var file = Path.Combine(copy, "nominees", "dhis2.json");
            await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("DHIS2 is a free", "DHIS2 is a gratis", StringComparison.Ordinal));
            var report = await importer.ImportDirectoryAsync(copy, CancellationToken.None);
            var after = await ETagsAsync(table);

            Assert.Equal((0, 1, 227), (report.Created, report.Updated, report.Unchanged));
            Assert.Equal(["dhis2"], before.Keys.Where(k => before[k] != after[k]));
            Assert.StartsWith("DHIS2 is a gratis", (await store.GetAsync("dhis2", CancellationToken.None))!.Listing.Description, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>
    /// Found by fuzzing: a registry file with a string longer than the input policy allows was stored, and from
    /// then on every read of the catalogue threw, so nothing could be matched. Now it is refused and the rest imports.
    /// </summary>
    [Fact]
    public async Task A_registry_file_the_catalogue_could_not_read_back_is_refused_and_the_rest_is_imported()
    {
        var store = new ListingTableStore(await TestStorage.NewTableAsync("listings"), await TestStorage.NewTableAsync("state"));
        var importer = new RegistryImporter(store, new ContactTableStore(await TestStorage.NewTableAsync("contacts")), new HashingEmbedder(), NullLogger<RegistryImporter>.Instance);
        static byte[] Nominee(string description) => System.Text.Encoding.UTF8.GetBytes($$"""
            {"name":"Test DPG","description":"{{description}}","license":[{"spdx":"MIT","licenseURL":"https://example.org/l"}],
             "SDGs":[{"SDGNumber":4}],"type":["software"],"organizations":[],"stage":"nominee"}
            """);
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (slug, description) in new[] { ("good", "A DPG of an ordinary size."), ("long", new string('d', 10_001)) })
            {
                using var entry = archive.CreateEntry($"nominees/{slug}.json").Open();
                entry.Write(Nominee(description));
            }
        }

        zip.Position = 0;
        var report = await importer.ImportAsync(RegistrySnapshot.FromZip(zip), CancellationToken.None);

        Assert.Equal(1, report.Created);
        Assert.Equal("nominees/long.json", Assert.Single(report.Rejected).File);
        Assert.Equal(["good"], (await store.GetAllAsync(CancellationToken.None)).Select(l => l.Listing.Id));
    }

    /// <summary>
    /// Found by fuzzing: a rejection reason quotes its file (a parser message the NUL it stopped at, the schema
    /// validator every pair of duplicates), and the stored report of a large import, read back under the input
    /// policy, then made the import job unreadable.
    /// </summary>
    [Fact]
    public async Task An_import_report_whose_reasons_quote_the_files_can_be_stored_and_read_back()
    {
        var store = new ListingTableStore(await TestStorage.NewTableAsync("listings"), await TestStorage.NewTableAsync("state"));
        var importer = new RegistryImporter(store, new ContactTableStore(await TestStorage.NewTableAsync("contacts")), new HashingEmbedder(), NullLogger<RegistryImporter>.Instance);
        var jobs = new ImportJobTable(await TestStorage.NewTableAsync("jobs"));
        var duplicates = string.Join(',', Enumerable.Repeat("\"Health\"", 200));
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (slug, json) in new[] { ("nul", "{\"name\": nu\u0000ll}"), ("duplicates", $"{{\"sectors\": [{duplicates}]}}") })
            {
                using var entry = archive.CreateEntry($"nominees/{slug}.json").Open();
                entry.Write(System.Text.Encoding.UTF8.GetBytes(json));
            }
        }

        zip.Position = 0;
        var report = await importer.ImportAsync(RegistrySnapshot.FromZip(zip), CancellationToken.None);
        await jobs.CreateAsync(new ImportJob("job1", "Operators", 1, DateTimeOffset.UtcNow), CancellationToken.None);
        await jobs.RecordChunkAsync("job1", 0, report, CancellationToken.None);
        var read = (await jobs.GetAsync("job1", CancellationToken.None))!.Value.Chunks[0];

        Assert.Equal(2, read.Rejected.Count);
        Assert.Contains("invalid JSON literal", read.Rejected.Single(r => r.File == "nominees/nul.json").Reason, StringComparison.Ordinal);
        Assert.Contains("duplicates", read.Rejected.Single(r => r.File == "nominees/duplicates.json").Reason, StringComparison.Ordinal);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task Replacing_a_needs_matches_removes_the_stale_ones()
    {
        var store = new MatchTableStore(await TestStorage.NewTableAsync("matches"));
        var needId = Guid.NewGuid().ToString("n");
        var reasons = new[] { new MatchReason("sdg", "covers SDG 3", 0.15) };
        Match M(string listing, int rank) => new(needId, listing, listing.ToUpperInvariant(), rank, 1.0 / rank, "baseline-v1", reasons, DateTimeOffset.UtcNow);

        await store.ReplaceAsync(needId, [M("a", 1), M("b", 2), M("c", 3)], CancellationToken.None);
        await store.ReplaceAsync(needId, [M("c", 1), M("d", 2)], CancellationToken.None);
        var matches = await store.ListAsync(needId, CancellationToken.None);

        Assert.Equal(["c", "d"], matches.Select(m => m.ListingId));
        Assert.Equal("covers SDG 3", matches[0].Reasons.Single().Text);
    }

    [Fact]
    public async Task The_ledger_lets_one_of_two_deliveries_send()
    {
        var ledger = new NotificationLedgerTable(await TestStorage.NewTableAsync("ledger"), TimeProvider.System);
        var id = NotificationIds.For(NotificationKinds.OfficerDigest, "need-1", null, "a@example.org");
        var recipient = NotificationIds.RecipientKey("a@example.org");

        var outcomes = await Task.WhenAll(
            ledger.TryClaimAsync(recipient, id, "k", Lease, CancellationToken.None),
            ledger.TryClaimAsync(recipient, id, "k", Lease, CancellationToken.None));
        Assert.Single(outcomes, o => o.Outcome == ClaimOutcome.Claimed);

        await ledger.MarkSentAsync(recipient, id, "msg-1", CancellationToken.None);
        Assert.Equal(ClaimOutcome.AlreadySent, (await ledger.TryClaimAsync(recipient, id, "k", Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_again()
    {
        var ledger = new NotificationLedgerTable(await TestStorage.NewTableAsync("ledger"), TimeProvider.System);
        Assert.Equal(ClaimOutcome.Claimed, (await ledger.TryClaimAsync("r", "n", "k", Lease, CancellationToken.None)).Outcome);
        await ledger.ReleaseAsync("r", "n", CancellationToken.None);
        Assert.Equal(ClaimOutcome.Claimed, (await ledger.TryClaimAsync("r", "n", "k", Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task An_unknown_send_is_never_claimed_again_and_attempts_are_counted()
    {
        var ledger = new NotificationLedgerTable(await TestStorage.NewTableAsync("ledger"), TimeProvider.System);
        Assert.Equal(new LedgerClaim(ClaimOutcome.Claimed, 1), await ledger.TryClaimAsync("r", "n", "k", Lease, CancellationToken.None));
        await ledger.ReleaseAsync("r", "n", CancellationToken.None);
        Assert.Equal(new LedgerClaim(ClaimOutcome.Claimed, 2), await ledger.TryClaimAsync("r", "n", "k", Lease, CancellationToken.None));
        await ledger.MarkUnknownAsync("r", "n", "timeout", CancellationToken.None);
        Assert.Equal(ClaimOutcome.Unknown, (await ledger.TryClaimAsync("r", "n", "k", Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_claim_whose_delivery_never_finished_is_abandoned_once_its_lease_runs_out()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var ledger = new NotificationLedgerTable(await TestStorage.NewTableAsync("ledger"), time);
        Assert.Equal(ClaimOutcome.Claimed, (await ledger.TryClaimAsync("r", "n", "k", Lease, CancellationToken.None)).Outcome);

        time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(ClaimOutcome.InFlight, (await ledger.TryClaimAsync("r", "n", "k", Lease, CancellationToken.None)).Outcome);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(ClaimOutcome.Abandoned, (await ledger.TryClaimAsync("r", "n", "k", Lease, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task The_spend_guard_counts_to_the_cap_per_organisation_and_day()
    {
        var guard = new SpendCounterTable(await TestStorage.NewTableAsync("spend"));
        var day = new DateOnly(2026, 11, 26);
        var results = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await guard.TryConsumeAsync("Org A", day, cap: 3, CancellationToken.None));
        }

        Assert.Equal([true, true, true, false], results);
        Assert.True(await guard.TryConsumeAsync("Org B", day, cap: 3, CancellationToken.None));
        Assert.True(await guard.TryConsumeAsync("Org A", day.AddDays(1), cap: 3, CancellationToken.None));
    }

    [Fact]
    public async Task A_queued_message_arrives_Base64_encoded_with_its_body_unchanged()
    {
        var queues = TestStorage.Queues();
        var name = TestStorage.UniqueQueueName("roundtrip");
        var body = """{"organisation":"Ñandú","needId":"x"}""";

        await new StorageQueueSender(queues).SendAsync(name, body, CancellationToken.None);

        var raw = await new Azure.Storage.Queues.QueueClient(TestStorage.ConnectionString, name).ReceiveMessageAsync();
        Assert.Equal(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(body)), raw.Value.Body.ToString());
    }

    private static async Task<Dictionary<string, string>> ETagsAsync(TableClient table)
    {
        var etags = new Dictionary<string, string>();
        await foreach (var e in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            etags[e.RowKey] = e.ETag.ToString();
        }

        return etags;
    }
}
