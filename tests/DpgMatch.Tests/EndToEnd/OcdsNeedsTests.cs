using System.Net;
using System.Text.Json;
using DpgMatch.Core.Needs.Ocds;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

[Collection(LocalHostTests.Name)]
public sealed class OcdsNeedsTests(LocalHostFixture host)
{
    public static TheoryData<string> Fixtures() =>
    [
        "armenia-mincult-accounting-software.release-package.json",
        "mexico-gacm-93-oracle-grp-implementation.release-package.json",
        "mexico-inai-pc-0013-interactive-guide-software.release-package.json",
        "mexico-jalisco-sfin-03-0007-2017-software-licences.record-package.json",
        "paraguay-dncp-277004-it-equipment.record-package.json",
        "uganda-ura-efd-einvoicing-and-dr-support.release-package.json",
    ];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Each_tender_of_a_real_package_becomes_one_need_and_posting_it_again_creates_nothing(string file)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ocds", file));
        var expected = OcdsReader.Read(bytes).Tenders;
        var key = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("OCDS buyer"));

        using var first = await host.SendRawAsync(HttpMethod.Post, "/api/needs/ocds", key, bytes, "application/json");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        using var firstBody = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        var items = firstBody.RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(expected.Select(t => t.Ocid), items.Select(i => i.GetProperty("ocid").GetString()));
        Assert.All(items, i => Assert.True(i.GetProperty("created").GetBoolean()));

        using var again = await host.SendRawAsync(HttpMethod.Post, "/api/needs/ocds", key, bytes, "application/json");
        using var againBody = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        var replayed = againBody.RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.All(replayed, i => Assert.False(i.GetProperty("created").GetBoolean()));
        Assert.Equal(items.Select(i => i.GetProperty("id").GetString()), replayed.Select(i => i.GetProperty("id").GetString()));

        using var list = await host.SendAsync(HttpMethod.Get, "/api/needs", key);
        using var listBody = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal(expected.Count, listBody.RootElement.GetProperty("items").GetArrayLength());

        var id = items[0].GetProperty("id").GetString();
        using var need = await host.SendAsync(HttpMethod.Get, $"/api/needs/{id}", key);
        using var needBody = JsonDocument.Parse(await need.Content.ReadAsStringAsync());
        var n = needBody.RootElement;
        Assert.Equal("ocds", n.GetProperty("source").GetString());
        Assert.Equal(expected[0].Ocid, n.GetProperty("ocid").GetString());
        Assert.Equal(expected[0].Title, n.GetProperty("title").GetString());
        Assert.Equal(expected[0].Items.Count, n.GetProperty("items").GetArrayLength());
        Assert.Equal("officer@example.org", n.GetProperty("contactEmail").GetString());
    }

    [Fact]
    public async Task The_Paraguayan_tender_keeps_its_buyer_items_and_classifications()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(TestStorage.RepoRoot(), "data", "ocds", "paraguay-dncp-277004-it-equipment.record-package.json"));
        var key = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Paraguay buyer"));
        using var posted = await host.SendRawAsync(HttpMethod.Post, "/api/needs/ocds", key, bytes, "application/json");
        using var body = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("items")[0].GetProperty("id").GetString();

        using var need = await host.SendAsync(HttpMethod.Get, $"/api/needs/{id}", key);
        using var n = JsonDocument.Parse(await need.Content.ReadAsStringAsync());
        var root = n.RootElement;
        Assert.Equal("es", root.GetProperty("language").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("buyer").GetString()));
        var classification = root.GetProperty("items")[0].GetProperty("classifications")[0];
        Assert.False(string.IsNullOrEmpty(classification.GetProperty("scheme").GetString()));
        Assert.False(string.IsNullOrEmpty(classification.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("""{"uri":"x","releases":[{"ocid":"ocds-test-1","id":"1","date":"2020-01-01T00:00:00Z","tag":["planning"]}]}""")]
    [InlineData("""{"records":[]}""")]
    [InlineData("""{"hello":"world"}""")]
    [InlineData("""[1,2,3]""")]
    public async Task A_document_without_a_tender_gets_422_saying_why(string json)
    {
        var key = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("No tender"));
        using var response = await host.SendRawAsync(HttpMethod.Post, "/api/needs/ocds", key, System.Text.Encoding.UTF8.GetBytes(json), "application/json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("tender", problem.RootElement.GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);

        using var list = await host.SendAsync(HttpMethod.Get, "/api/needs", key);
        Assert.Contains("\"items\":[]", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_release_is_accepted()
    {
        var key = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Bare release"));
        var json = """{"ocid":"ocds-test-bare-1","id":"r1","date":"2024-05-01T00:00:00Z","tag":["tender"],"language":"en","buyer":{"id":"b1","name":"City of Example"},"parties":[{"id":"b1","name":"City of Example","roles":["buyer"],"address":{"countryName":"Kenya"}}],"tender":{"id":"t1","title":"Electronic health records for city clinics","description":"The city needs an electronic health records system for its primary care clinics, usable offline.","value":{"amount":250000,"currency":"KES"},"tenderPeriod":{"startDate":"2024-05-01T00:00:00Z","endDate":"2024-06-30T00:00:00Z"}}}""";
        using var response = await host.SendRawAsync(HttpMethod.Post, "/api/needs/ocds", key, System.Text.Encoding.UTF8.GetBytes(json), "application/json");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("items")[0].GetProperty("id").GetString();

        using var need = await host.SendAsync(HttpMethod.Get, $"/api/needs/{id}", key);
        using var n = JsonDocument.Parse(await need.Content.ReadAsStringAsync());
        Assert.Equal("Kenya", n.RootElement.GetProperty("country").GetString());
        Assert.Equal(250000m, n.RootElement.GetProperty("requirements").GetProperty("budget").GetProperty("amount").GetDecimal());
        Assert.Equal("2024-06-30", n.RootElement.GetProperty("requirements").GetProperty("deadline").GetString());
    }

    /// <summary>
    /// Found by fuzzing: an item text with a control character, or longer than 10,000 characters, was stored with
    /// the need, and since needs are read back under the input policy, the need and the organisation's whole list
    /// of needs then answered 500.
    /// </summary>
    [Fact]
    public async Task Item_texts_are_stored_so_that_the_need_can_be_read_back()
    {
        var key = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Item texts"));
        var json = $$$"""
            {"ocid":"ocds-test-items-1","tender":{"title":"Accounting software","description":"An accounting system for the ministry.",
             "items":[{"id":"1","description":"Licences\u0007 with a bell","unit":{"name":"seat\u0000"}},
                      {"id":"2","description":"{{{new string('x', 20_000)}}}","classification":{"scheme":"CPV\u001b","id":"48443000"}}]}}
            """;
        using var posted = await host.SendRawAsync(HttpMethod.Post, "/api/needs/ocds", key, System.Text.Encoding.UTF8.GetBytes(json), "application/json");
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        using var list = await host.SendAsync(HttpMethod.Get, "/api/needs", key);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var body = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        var items = body.RootElement.GetProperty("items")[0].GetProperty("items");
        Assert.Equal("Licences  with a bell", items[0].GetProperty("description").GetString());
        Assert.Equal("CPV ", items[1].GetProperty("classifications")[0].GetProperty("scheme").GetString());
        Assert.Equal(Core.Needs.NeedService.MaxItemTextLength, items[1].GetProperty("description").GetString()!.Length);
    }

    /// <summary>Found by fuzzing: an ocid longer than a Table storage property holds failed the whole request with a 500.</summary>
    [Fact]
    public async Task A_tender_whose_ocid_is_too_long_to_store_is_refused_with_a_reason()
    {
        var key = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Long ocid"));
        var json = $$$"""{"ocid":"{{{new string('o', 40_000)}}}","tender":{"title":"Accounting software","description":"An accounting system for the ministry."}}""";
        using var response = await host.SendRawAsync(HttpMethod.Post, "/api/needs/ocds", key, System.Text.Encoding.UTF8.GetBytes(json), "application/json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("ocid: Must be at most 500 characters.", problem.RootElement.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }
}
