using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

/// <summary>
/// One input policy for every route: each invalid input gets the right 4xx, names the field at fault, and
/// leaves nothing stored behind.
/// </summary>
[Collection(LocalHostTests.Name)]
public sealed class InputPolicyTests(LocalHostFixture host)
{
    private sealed record Case(string Route, string Role, Func<string, (byte[]? Body, string ContentType)> Build, int Status, string? Field, string Method = "POST", Dictionary<string, string>? Headers = null);

    private static JsonObject Need() => new()
    {
        ["title"] = "Health facility reporting",
        ["description"] = "Facilities report monthly statistics to the ministry.",
        ["contactEmail"] = "o@example.org",
    };

    private static JsonObject Listing(string marker) => new()
    {
        ["name"] = $"Invalid DPG {marker}",
        ["description"] = $"A DPG that must never be stored: {marker}.",
        ["types"] = new JsonArray("software"),
    };

    private static Func<string, (byte[]?, string)> NeedWith(Action<JsonObject> change) => _ =>
    {
        var body = Need();
        change(body);
        return (Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json");
    };

    private static Func<string, (byte[]?, string)> ListingWith(Action<JsonObject> change) => marker =>
    {
        var body = Listing(marker);
        change(body);
        return (Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json");
    };

    private static Func<string, (byte[]?, string)> Raw(string body, string contentType = "application/json") =>
        _ => (Encoding.UTF8.GetBytes(body), contentType);

    private static Func<string, (byte[]?, string)> PrincipalWith(object body) =>
        _ => (JsonSerializer.SerializeToUtf8Bytes(body), "application/json");

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["need without title"] = new("/api/needs", "officer", NeedWith(b => b.Remove("title")), 400, "title"),
        ["need with empty title"] = new("/api/needs", "officer", NeedWith(b => b["title"] = ""), 400, "title"),
        ["need with 201-character title"] = new("/api/needs", "officer", NeedWith(b => b["title"] = new string('t', 201)), 400, "title"),
        ["need with two-line title"] = new("/api/needs", "officer", NeedWith(b => b["title"] = "Line\nBcc: x@example.org"), 400, "title"),
        ["need with a control character"] = new("/api/needs", "officer", NeedWith(b => b["title"] = "Bell \u0007 title"), 400, "title"),
        ["need without description"] = new("/api/needs", "officer", NeedWith(b => b.Remove("description")), 400, "description"),
        ["need with too short a description"] = new("/api/needs", "officer", NeedWith(b => b["description"] = "short"), 400, "description"),
        ["need with 8001-character description"] = new("/api/needs", "officer", NeedWith(b => b["description"] = new string('d', 8001)), 400, "description"),
        ["need with SDG 0"] = new("/api/needs", "officer", NeedWith(b => b["sdgs"] = new JsonArray(0)), 400, "sdgs"),
        ["need with SDG 18"] = new("/api/needs", "officer", NeedWith(b => b["sdgs"] = new JsonArray(18)), 400, "sdgs"),
        ["need with a repeated SDG"] = new("/api/needs", "officer", NeedWith(b => b["sdgs"] = new JsonArray(3, 3)), 400, "sdgs"),
        ["need with SDGs as text"] = new("/api/needs", "officer", NeedWith(b => b["sdgs"] = "three"), 400, "sdgs"),
        ["need without contact"] = new("/api/needs", "officer", NeedWith(b => b.Remove("contactEmail")), 400, "contactEmail"),
        ["need with a hostless contact"] = new("/api/needs", "officer", NeedWith(b => b["contactEmail"] = "a@b"), 400, "contactEmail"),
        ["need with a display-name contact"] = new("/api/needs", "officer", NeedWith(b => b["contactEmail"] = "A <a@example.org>"), 400, "contactEmail"),
        ["need with 26 constraints"] = new("/api/needs", "officer", NeedWith(b => b["constraints"] = new JsonArray(Enumerable.Range(0, 26).Select(i => (JsonNode?)JsonValue.Create($"c{i}")).ToArray())), 400, "constraints"),
        ["need with an empty constraint"] = new("/api/needs", "officer", NeedWith(b => b["constraints"] = new JsonArray("")), 400, "constraints[0]"),
        ["need with a 301-character constraint"] = new("/api/needs", "officer", NeedWith(b => b["constraints"] = new JsonArray(new string('c', 301))), 400, "constraints[0]"),
        ["need naming its id"] = new("/api/needs", "officer", NeedWith(b => b["id"] = "need-1"), 400, "id"),
        ["need naming its status"] = new("/api/needs", "officer", NeedWith(b => b["status"] = "matched"), 400, "status"),
        ["need naming its organisation"] = new("/api/needs", "officer", NeedWith(b => b["organisation"] = "Someone else"), 400, "organisation"),
        ["need naming an ETag"] = new("/api/needs", "officer", NeedWith(b => b["etag"] = "W/\"x\""), 400, "etag"),
        ["need with a malformed language"] = new("/api/needs", "officer", NeedWith(b => b["language"] = "english!"), 400, "language"),
        ["need with a malformed required language"] = new("/api/needs", "officer", NeedWith(b => b["requirements"] = new JsonObject { ["languages"] = new JsonArray("x-") }), 400, "requirements.languages[0]"),
        ["need with a lower-case currency"] = new("/api/needs", "officer", NeedWith(b => b["requirements"] = new JsonObject { ["budget"] = new JsonObject { ["amount"] = 10, ["currency"] = "usd" } }), 400, "requirements.budget.currency"),
        ["need with a negative budget"] = new("/api/needs", "officer", NeedWith(b => b["requirements"] = new JsonObject { ["budget"] = new JsonObject { ["amount"] = -1, ["currency"] = "USD" } }), 400, "requirements.budget.amount"),
        ["need with a last-century deadline"] = new("/api/needs", "officer", NeedWith(b => b["requirements"] = new JsonObject { ["deadline"] = "1999-01-01" }), 400, "requirements.deadline"),
        ["need with a deadline that is not a date"] = new("/api/needs", "officer", NeedWith(b => b["requirements"] = new JsonObject { ["deadline"] = "tomorrow" }), 400, "requirements.deadline"),
        ["need with an unknown requirement"] = new("/api/needs", "officer", NeedWith(b => b["requirements"] = new JsonObject { ["cheap"] = true }), 400, "requirements"),
        ["need with a 10001-character buyer"] = new("/api/needs", "officer", NeedWith(b => b["buyer"] = new string('b', 10_001)), 400, "buyer"),
        ["need with a noncharacter"] = new("/api/needs", "officer", NeedWith(b => b["title"] = "A noncharacter \uFFFE in the title"), 400, "title"),
        ["need with a 201-character buyer"] = new("/api/needs", "officer", NeedWith(b => b["buyer"] = new string('b', 201)), 400, "buyer"),
        ["need with a 101-character sector"] = new("/api/needs", "officer", NeedWith(b => b["sector"] = new string('s', 101)), 400, "sector"),
        ["need with a 101-character country"] = new("/api/needs", "officer", NeedWith(b => b["country"] = new string('k', 101)), 400, "country"),
        ["need that is not JSON"] = new("/api/needs", "officer", Raw("title=x"), 400, "$"),
        ["need that is a JSON array"] = new("/api/needs", "officer", Raw("[]"), 400, "$"),
        ["need that is JSON null"] = new("/api/needs", "officer", Raw("null"), 400, "$"),
        ["need with an empty body"] = new("/api/needs", "officer", Raw(""), 400, "$"),
        ["need sent as text"] = new("/api/needs", "officer", Raw("{}", "text/plain"), 415, null),
        ["need over the body cap"] = new("/api/needs", "officer", NeedWith(b => b["description"] = new string(' ', 300_000) + "x"), 413, null),
        ["need with an over-long idempotency key"] = new("/api/needs", "officer", NeedWith(_ => { }), 400, "Idempotency-Key", Headers: new() { ["Idempotency-Key"] = new string('k', 201) }),
        ["listing without name"] = new("/api/listings", "maintainer", ListingWith(b => b.Remove("name")), 400, "name"),
        ["listing named only in punctuation"] = new("/api/listings", "maintainer", ListingWith(b => b["name"] = "!!!"), 400, "name"),
        ["listing with too short a description"] = new("/api/listings", "maintainer", ListingWith(b => b["description"] = "tiny"), 400, "description"),
        ["listing with an ftp website"] = new("/api/listings", "maintainer", ListingWith(b => b["website"] = "ftp://example.org"), 400, "website"),
        ["listing with a website that is no address"] = new("/api/listings", "maintainer", ListingWith(b => b["website"] = "our site"), 400, "website"),
        ["listing with a licence that is not SPDX"] = new("/api/listings", "maintainer", ListingWith(b => b["licenses"] = new JsonArray("MIT License!")), 400, "licenses[0]"),
        ["listing without types"] = new("/api/listings", "maintainer", ListingWith(b => b["types"] = new JsonArray()), 400, "types"),
        ["listing of an unknown type"] = new("/api/listings", "maintainer", ListingWith(b => b["types"] = new JsonArray("app")), 400, "types[0]"),
        ["listing with SDG 20"] = new("/api/listings", "maintainer", ListingWith(b => b["sdgs"] = new JsonArray(new JsonObject { ["number"] = 20 })), 400, "sdgs[0].number"),
        ["listing with a repository without address"] = new("/api/listings", "maintainer", ListingWith(b => b["repositories"] = new JsonArray(new JsonObject { ["name"] = "main" })), 400, "repositories[0].url"),
        ["listing with 21 aliases"] = new("/api/listings", "maintainer", ListingWith(b => b["aliases"] = new JsonArray(Enumerable.Range(0, 21).Select(i => (JsonNode?)JsonValue.Create($"a{i}")).ToArray())), 400, "aliases"),
        ["listing naming its id"] = new("/api/listings", "maintainer", ListingWith(b => b["id"] = "dhis2"), 400, "id"),
        ["listing naming its owner"] = new("/api/listings", "maintainer", ListingWith(b => b["ownerOrganisation"] = "Someone"), 400, "ownerOrganisation"),
        ["listing with a noncharacter"] = new("/api/listings", "maintainer", ListingWith(b => b["description"] = "A description with a noncharacter \uFFFE in the middle"), 400, "description"),
        ["listing with a control character"] = new("/api/listings", "maintainer", ListingWith(b => b["description"] = "A description with a NUL \u0000 in the middle of it"), 400, "description"),
        ["OCDS that is not JSON"] = new("/api/needs/ocds", "officer", Raw("<release/>"), 400, "$"),
        ["OCDS that is not UTF-8"] = new("/api/needs/ocds", "officer", _ => ([.. "{\"records\":[{\"ocid\":\"ocds-x-1\",\"releases\":[{\""u8, 0xC0, 0x80, .. "\":1}]}]}"u8], "application/json"), 400, "$"),
        ["OCDS sent as XML"] = new("/api/needs/ocds", "officer", Raw("<release/>", "application/xml"), 415, null),
        ["principal of an unknown role"] = new("/api/admin/principals", "bootstrap", PrincipalWith(new { role = "emperor", organisation = "o", email = "e@example.org" }), 400, "role"),
        ["principal with a bad email"] = new("/api/admin/principals", "bootstrap", PrincipalWith(new { role = "officer", organisation = "o", email = "nope" }), 400, "email"),
        ["officer principal owning listings"] = new("/api/admin/principals", "bootstrap", PrincipalWith(new { role = "officer", organisation = "o", email = "e@example.org", listings = new[] { "dhis2" } }), 400, "listings"),
        ["principal owning a malformed listing id"] = new("/api/admin/principals", "bootstrap", PrincipalWith(new { role = "maintainer", organisation = "o", email = "e@example.org", listings = new[] { "Not A Slug" } }), 400, "listings[0]"),
        ["search for SDG 0"] = new("/api/listings?sdg=0", "anyone", _ => (null, ""), 400, "sdg", "GET"),
        ["search for page 0"] = new("/api/listings?page=0", "anyone", _ => (null, ""), 400, "page", "GET"),
        ["search with a page size that is not a number"] = new("/api/listings?pageSize=abc", "anyone", _ => (null, ""), 400, "pageSize", "GET"),
        ["search with a 201-character query"] = new("/api/listings?q=" + new string('q', 201), "anyone", _ => (null, ""), 400, "q", "GET"),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Fact]
    public void The_table_holds_at_least_40_invalid_inputs() => Assert.True(Cases.Count >= 40, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task An_invalid_input_gets_the_right_4xx_and_stores_nothing(string name)
    {
        var c = Cases[name];
        var organisation = LocalHostFixture.Unique("Policy org");
        var key = c.Role switch
        {
            "bootstrap" => host.AdminKey,
            "anyone" => null,
            _ => await host.CreateKeyAsync(c.Role, organisation),
        };
        var marker = "m" + Guid.NewGuid().ToString("n")[..12];
        var (body, contentType) = c.Build(marker);

        using var response = await host.SendRawAsync(new HttpMethod(c.Method), c.Route, key, body, contentType, c.Headers);

        Assert.Equal(c.Status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (c.Field is not null)
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Contains(fields, f => f == c.Field || f.StartsWith(c.Field + ".", StringComparison.Ordinal));
        }

        if (c.Role == "officer")
        {
            using var needs = await host.SendAsync(HttpMethod.Get, "/api/needs", key);
            using var list = JsonDocument.Parse(await needs.Content.ReadAsStringAsync());
            Assert.Equal(0, list.RootElement.GetProperty("items").GetArrayLength());
        }

        using var listings = await host.SendAsync(HttpMethod.Get, "/api/listings?q=" + marker, key: null);
        using var found = JsonDocument.Parse(await listings.Content.ReadAsStringAsync());
        Assert.Equal(0, found.RootElement.GetProperty("total").GetInt32());
    }
}
