using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

[Collection(LocalHostTests.Name)]
public sealed class NeedToEmailTests(LocalHostFixture host)
{
    private static object KenyaHealthNeed(string contactEmail) => new
    {
        title = "County health facility monthly reporting system",
        description = "County health facilities must report monthly service statistics (immunisation, maternal health, malaria) to the county and national levels, with dashboards and indicators. Data entry has to work offline in facilities with poor connectivity and sync later.",
        sector = "Health",
        sdgs = new[] { 3 },
        country = "Kenya",
        constraints = new[] { "must support offline data entry", "must be open source" },
        buyer = "county government",
        contactEmail,
    };

    [Fact]
    public async Task A_posted_need_is_matched_and_its_officer_mailed_a_digest()
    {
        var organisation = "County of Test " + Guid.NewGuid().ToString("n")[..6];
        var key = await host.CreateKeyAsync("officer", organisation);
        var contact = $"officer-{Guid.NewGuid():n}@example.org";
        var stopwatch = Stopwatch.StartNew();

        using var posted = await host.SendAsync(HttpMethod.Post, "/api/needs", key, KenyaHealthNeed(contact));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        using var created = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"/api/needs/{id}", posted.Headers.Location?.OriginalString);
        Assert.Equal("received", created.RootElement.GetProperty("status").GetString());

        var mail = await host.WaitForMailAsync(m => Recipient(m) == contact, TimeSpan.FromSeconds(30));
        stopwatch.Stop();

        var html = mail.GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "text/html").GetProperty("value").GetString()!;
        Assert.Contains("DHIS2", html, StringComparison.Ordinal);
        Assert.Contains($"/api/needs/{id}/matches", html, StringComparison.Ordinal);
        Assert.Equal("matches@example.org", mail.GetProperty("from").GetProperty("email").GetString());

        using var matches = await host.SendAsync(HttpMethod.Get, $"/api/needs/{id}/matches", key);
        Assert.Equal(HttpStatusCode.OK, matches.StatusCode);
        using var body = JsonDocument.Parse(await matches.Content.ReadAsStringAsync());
        Assert.Equal("matched", body.RootElement.GetProperty("status").GetString());
        var items = body.RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(10, items.Length);
        var topThree = items.Take(3).Select(i => i.GetProperty("listingId").GetString()).ToArray();
        Assert.Contains("dhis2", topThree);
        var dhis2 = items.First(i => i.GetProperty("listingId").GetString() == "dhis2");
        var reasons = dhis2.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("text").GetString()).ToArray();
        Assert.Contains("covers SDG 3", reasons);
        Assert.Contains("deployed in Kenya", reasons);
        Assert.True(items.Zip(items.Skip(1)).All(p => p.First.GetProperty("score").GetDouble() >= p.Second.GetProperty("score").GetDouble()));

        using var need = await host.SendAsync(HttpMethod.Get, $"/api/needs/{id}", key);
        using var needBody = JsonDocument.Parse(await need.Content.ReadAsStringAsync());
        Assert.Equal("matched", needBody.RootElement.GetProperty("status").GetString());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Another_organisations_officer_gets_404_for_the_need_and_its_matches()
    {
        var ownerKey = await host.CreateKeyAsync("officer", "Owner City " + Guid.NewGuid().ToString("n")[..6]);
        var otherKey = await host.CreateKeyAsync("officer", "Other City " + Guid.NewGuid().ToString("n")[..6]);
        using var posted = await host.SendAsync(HttpMethod.Post, "/api/needs", ownerKey, KenyaHealthNeed("owner@example.org"));
        using var created = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetString()!;

        using var need = await host.SendAsync(HttpMethod.Get, $"/api/needs/{id}", otherKey);
        using var matches = await host.SendAsync(HttpMethod.Get, $"/api/needs/{id}/matches", otherKey);
        using var list = await host.SendAsync(HttpMethod.Get, "/api/needs", otherKey);

        Assert.Equal(HttpStatusCode.NotFound, need.StatusCode);
        Assert.Equal("application/problem+json", need.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, matches.StatusCode);
        Assert.DoesNotContain(id, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var own = await host.SendAsync(HttpMethod.Get, $"/api/needs/{id}", ownerKey);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task The_officers_list_shows_their_needs_with_status()
    {
        var key = await host.CreateKeyAsync("officer", "Listing Town " + Guid.NewGuid().ToString("n")[..6]);
        using var first = await host.SendAsync(HttpMethod.Post, "/api/needs", key, KenyaHealthNeed("a@example.org"));
        using var second = await host.SendAsync(HttpMethod.Post, "/api/needs", key, KenyaHealthNeed("b@example.org"));

        using var list = await host.SendAsync(HttpMethod.Get, "/api/needs", key);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var body = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        var items = body.RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        Assert.All(items, i => Assert.Contains(i.GetProperty("status").GetString(), new[] { "received", "matching", "matched" }));
    }

    [Fact]
    public async Task Posting_with_the_same_idempotency_key_twice_creates_one_need()
    {
        var key = await host.CreateKeyAsync("officer", "Idempotent Ville " + Guid.NewGuid().ToString("n")[..6]);
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/needs")
            {
                Content = System.Net.Http.Json.JsonContent.Create(KenyaHealthNeed("same@example.org")),
            };
            request.Headers.Authorization = new("Bearer", key);
            request.Headers.Add("Idempotency-Key", "tender-2026-0042");
            using var response = await host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            ids.Add(body.RootElement.GetProperty("id").GetString()!);
        }

        Assert.Equal(ids[0], ids[1]);
        using var list = await host.SendAsync(HttpMethod.Get, "/api/needs", key);
        using var listed = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Single(listed.RootElement.GetProperty("items").EnumerateArray());
    }

    private static string? Recipient(JsonElement mail) =>
        mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString();
}
