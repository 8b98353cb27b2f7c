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
        var importer = new CatalogImporter(new ListingTableStore(table), NullLogger<CatalogImporter>.Instance);
        var directory = Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry");

        var first = await importer.ImportDirectoryAsync(directory, CancellationToken.None);
        var etags = await ETagsAsync(table);
        var second = await importer.ImportDirectoryAsync(directory, CancellationToken.None);

        Assert.Equal(new ImportReport(228, 0, 0), first);
        Assert.Equal(new ImportReport(0, 0, 228), second);
        Assert.Equal(etags, await ETagsAsync(table));

        var stored = await new ListingTableStore(table).GetAllAsync(CancellationToken.None);
        var dhis2 = stored.Single(l => l.Listing.Id == "dhis2").Listing;
        Assert.Contains("Kenya", dhis2.DeploymentCountries);
        Assert.Contains(dhis2.Sdgs, s => s.Number == 3);
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
            ledger.TryClaimAsync(recipient, id, "k", CancellationToken.None),
            ledger.TryClaimAsync(recipient, id, "k", CancellationToken.None));
        Assert.Single(outcomes, o => o == ClaimOutcome.Claimed);

        await ledger.MarkSentAsync(recipient, id, "msg-1", CancellationToken.None);
        Assert.Equal(ClaimOutcome.AlreadySent, await ledger.TryClaimAsync(recipient, id, "k", CancellationToken.None));
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_again()
    {
        var ledger = new NotificationLedgerTable(await TestStorage.NewTableAsync("ledger"), TimeProvider.System);
        Assert.Equal(ClaimOutcome.Claimed, await ledger.TryClaimAsync("r", "n", "k", CancellationToken.None));
        await ledger.ReleaseAsync("r", "n", CancellationToken.None);
        Assert.Equal(ClaimOutcome.Claimed, await ledger.TryClaimAsync("r", "n", "k", CancellationToken.None));
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
