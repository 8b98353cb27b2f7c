using System.Net;
using System.Text.Json;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

[Collection(LocalHostTests.Name)]
public sealed class ListingsTests(LocalHostFixture host)
{
    private static object Listing(string name, string description = "A citizen feedback platform for municipal services and participatory budgeting.") => new
    {
        name,
        aliases = new[] { "CFP" },
        description,
        website = "https://example.org/cfp",
        licenses = new[] { "AGPL-3.0-only" },
        sdgs = new[] { new { number = 16, evidence = "Used by city councils to collect citizen feedback." } },
        sectors = new[] { "Governance" },
        types = new[] { "software" },
        repositories = new[] { new { name = "main", url = "https://example.org/cfp.git" } },
        deploymentCountries = new[] { "Ghana" },
    };

    [Fact]
    public async Task A_maintainer_lists_a_DPG_that_anyone_can_read_without_contacts()
    {
        var key = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("Feedback Org"), "maintainer@example.org");
        var name = LocalHostFixture.Unique("Civic Feedback");

        using var created = await host.SendAsync(HttpMethod.Post, "/api/listings", key, Listing(name));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        Assert.NotNull(created.Headers.ETag);

        using var read = await host.SendAsync(HttpMethod.Get, location, key: null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var text = await read.Content.ReadAsStringAsync();
        Assert.DoesNotContain("maintainer@example.org", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text);
        Assert.Equal(name, body.RootElement.GetProperty("name").GetString());
        Assert.Equal("maintainer", body.RootElement.GetProperty("source").GetString());
        Assert.Equal(created.Headers.ETag!.Tag, read.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Bundled_listings_are_public_and_carry_no_contact_details()
    {
        using var read = await host.SendAsync(HttpMethod.Get, "/api/listings/dhis2", key: null);
        var text = await read.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.DoesNotContain("@example.org", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Maintainer ", text, StringComparison.Ordinal);
        Assert.Contains("\"deploymentCountries\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sixteen_concurrent_editors_of_one_listing_lose_none_of_their_changes()
    {
        var key = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("Busy Org"));
        var name = LocalHostFixture.Unique("Contended");
        using var created = await host.SendAsync(HttpMethod.Post, "/api/listings", key, Listing(name));
        var location = created.Headers.Location!.OriginalString;
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, 16).Select(async editor =>
        {
            // Each editor adds its own alias the way a client must: read, change, write with If-Match, and on
            // 412 read again and re-apply.
            while (true)
            {
                using var read = await host.SendAsync(HttpMethod.Get, location, key: null);
                using var current = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
                var aliases = current.RootElement.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!).Append($"editor-{editor}").ToArray();
                var body = new
                {
                    name,
                    aliases,
                    description = current.RootElement.GetProperty("description").GetString(),
                    licenses = new[] { "AGPL-3.0-only" },
                    types = new[] { "software" },
                };
                using var written = await host.SendRawAsync(
                    HttpMethod.Put, location, key, JsonSerializer.SerializeToUtf8Bytes(body), "application/json", new Dictionary<string, string> { ["If-Match"] = read.Headers.ETag!.Tag });
                if (written.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                Assert.Equal(HttpStatusCode.PreconditionFailed, written.StatusCode);
                Interlocked.Increment(ref conflicts);
            }
        }));

        using var final = await host.SendAsync(HttpMethod.Get, location, key: null);
        using var listing = JsonDocument.Parse(await final.Content.ReadAsStringAsync());
        var kept = listing.RootElement.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()).ToHashSet();
        Assert.All(Enumerable.Range(0, 16), editor => Assert.Contains($"editor-{editor}", kept));
        Assert.True(conflicts > 0, "The editors never collided, so the test proved nothing.");
    }

    [Fact]
    public async Task An_update_needs_the_current_ETag()
    {
        var key = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("Update Org"));
        using var created = await host.SendAsync(HttpMethod.Post, "/api/listings", key, Listing(LocalHostFixture.Unique("Updatable")));
        var location = created.Headers.Location!.OriginalString;
        var etag = created.Headers.ETag!.Tag;
        var changed = Listing("Renamed DPG", "A citizen feedback platform, now with SMS and USSD channels for feature phones.");

        using var withoutEtag = await host.SendAsync(HttpMethod.Put, location, key, changed);
        using var updated = await host.SendRawAsync(HttpMethod.Put, location, key, JsonSerializer.SerializeToUtf8Bytes(changed), "application/json", new Dictionary<string, string> { ["If-Match"] = etag });
        using var stale = await host.SendRawAsync(HttpMethod.Put, location, key, JsonSerializer.SerializeToUtf8Bytes(changed), "application/json", new Dictionary<string, string> { ["If-Match"] = etag });

        Assert.Equal((HttpStatusCode)428, withoutEtag.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(etag, updated.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        using var read = await host.SendAsync(HttpMethod.Get, location, key: null);
        using var body = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
        Assert.Equal("Renamed DPG", body.RootElement.GetProperty("name").GetString());
        Assert.EndsWith(body.RootElement.GetProperty("id").GetString()!, location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_organisations_maintainer_cannot_change_a_listing_and_a_registry_listing_is_not_theirs()
    {
        var owner = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("Owner Org"));
        var other = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("Other Org"));
        using var created = await host.SendAsync(HttpMethod.Post, "/api/listings", owner, Listing(LocalHostFixture.Unique("Owned")));
        var headers = new Dictionary<string, string> { ["If-Match"] = created.Headers.ETag!.Tag };
        var body = JsonSerializer.SerializeToUtf8Bytes(Listing("Hijacked"));

        using var foreign = await host.SendRawAsync(HttpMethod.Put, created.Headers.Location!.OriginalString, other, body, "application/json", headers);
        using var registry = await host.SendRawAsync(HttpMethod.Put, "/api/listings/dhis2", other, body, "application/json", headers);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, registry.StatusCode);
    }

    [Fact]
    public async Task Listing_the_same_name_twice_is_a_conflict()
    {
        var key = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("Twice Org"));
        var name = LocalHostFixture.Unique("Twice");
        using var first = await host.SendAsync(HttpMethod.Post, "/api/listings", key, Listing(name));
        using var second = await host.SendAsync(HttpMethod.Post, "/api/listings", key, Listing(name));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task Search_filters_by_sdg_sector_type_country_and_text_with_capped_pages()
    {
        using var health = await host.SendAsync(HttpMethod.Get, "/api/listings?sdg=3&sector=Health&type=software&country=Kenya&q=health+information", key: null);
        using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        var items = body.RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.NotEmpty(items);
        Assert.Contains(items, i => i.GetProperty("id").GetString() == "dhis2");
        Assert.All(items, i =>
        {
            Assert.Contains(i.GetProperty("sdgs").EnumerateArray(), s => s.GetProperty("number").GetInt32() == 3);
            var countries = i.GetProperty("deploymentCountries").EnumerateArray().Concat(i.GetProperty("developmentCountries").EnumerateArray());
            Assert.Contains("Kenya", countries.Select(c => c.GetString()));
        });

        using var page = await host.SendAsync(HttpMethod.Get, "/api/listings?pageSize=5&page=2", key: null);
        using var pageBody = JsonDocument.Parse(await page.Content.ReadAsStringAsync());
        Assert.Equal(5, pageBody.RootElement.GetProperty("items").GetArrayLength());
        Assert.True(pageBody.RootElement.GetProperty("total").GetInt32() >= 228);

        using var tooBig = await host.SendAsync(HttpMethod.Get, "/api/listings?pageSize=101", key: null);
        using var unknown = await host.SendAsync(HttpMethod.Get, "/api/listings?colour=red", key: null);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task A_new_listing_is_matched_to_the_next_need_that_fits_it()
    {
        var word = "zyxwellness" + Guid.NewGuid().ToString("n")[..6];
        var maintainer = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("Fresh Org"));
        using var created = await host.SendAsync(HttpMethod.Post, "/api/listings", maintainer,
            Listing(LocalHostFixture.Unique("Fresh DPG"), $"A {word} registry for community health workers, with {word} dashboards."));
        var id = created.Headers.Location!.OriginalString.Split('/').Last();

        var officer = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Fresh City"));
        using var posted = await host.SendAsync(HttpMethod.Post, "/api/needs", officer, new
        {
            title = $"A {word} registry",
            description = $"We need a {word} registry for our community health workers.",
            contactEmail = "fresh@example.org",
        });
        using var need = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var needId = need.RootElement.GetProperty("id").GetString();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        string? top = null;
        while (top is null && DateTime.UtcNow < deadline)
        {
            using var matches = await host.SendAsync(HttpMethod.Get, $"/api/needs/{needId}/matches", officer);
            using var body = JsonDocument.Parse(await matches.Content.ReadAsStringAsync());
            if (body.RootElement.GetProperty("status").GetString() == "matched")
            {
                top = body.RootElement.GetProperty("items")[0].GetProperty("listingId").GetString();
            }
            else
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(id, top);
    }

    [Fact]
    public async Task An_idempotent_create_replays_the_first_response_and_refuses_a_different_body()
    {
        var key = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("Idem Org"));
        var name = LocalHostFixture.Unique("Idempotent DPG");
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "create-" + name };
        var body = JsonSerializer.SerializeToUtf8Bytes(Listing(name));

        using var first = await host.SendRawAsync(HttpMethod.Post, "/api/listings", key, body, "application/json", headers);
        using var replay = await host.SendRawAsync(HttpMethod.Post, "/api/listings", key, body, "application/json", headers);
        using var different = await host.SendRawAsync(HttpMethod.Post, "/api/listings", key, JsonSerializer.SerializeToUtf8Bytes(Listing(name + " other")), "application/json", headers);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);

        using var search = await host.SendAsync(HttpMethod.Get, "/api/listings?q=" + Uri.EscapeDataString(name.Split(' ')[^1]), key: null);
        using var found = JsonDocument.Parse(await search.Content.ReadAsStringAsync());
        Assert.Equal(1, found.RootElement.GetProperty("total").GetInt32());
    }
}
