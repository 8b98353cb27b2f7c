using System.Net;
using System.Text.Json;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

[Collection(LocalHostTests.Name)]
public sealed class ApiContractTests(LocalHostFixture host)
{
    [Fact]
    public async Task Health_reports_reachable_storage()
    {
        using var response = await host.SendAsync(HttpMethod.Get, "/api/health", key: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("reachable", body.RootElement.GetProperty("storage").GetString());
    }

    [Fact]
    public async Task Text_is_stored_in_Unicode_normal_form_C()
    {
        var key = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Unicode City"));
        var decomposed = "Syst\u0065\u0300me de sant\u0065\u0301 pour la re\u0301gion";
        var json = $$"""{"title":"{{decomposed}}","description":"Un système d'information sanitaire pour les districts.","contactEmail":"u@example.org"}""";
        using var posted = await host.SendAsync(HttpMethod.Post, "/api/needs", key, json);
        using var body = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var title = body.RootElement.GetProperty("title").GetString()!;
        Assert.Equal("Système de santé pour la région", title);
        Assert.True(title.IsNormalized(System.Text.NormalizationForm.FormC));
    }

    [Fact]
    public async Task The_OpenAPI_document_is_served_to_anyone()
    {
        using var response = await host.SendAsync(HttpMethod.Get, "/api/openapi.json", key: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("3.1.0", body.RootElement.GetProperty("openapi").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_request_without_a_valid_key_gets_401_problem_details(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/needs");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task An_invalid_need_gets_400_naming_each_bad_field()
    {
        var key = await host.CreateKeyAsync("officer", "Validation City");
        using var response = await host.SendAsync(HttpMethod.Post, "/api/needs", key, new
        {
            title = "",
            description = "too short",
            sdgs = new[] { 0, 18 },
            contactEmail = "not-an-email",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = body.RootElement.GetProperty("errors");
        foreach (var field in new[] { "title", "description", "sdgs", "contactEmail" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
        }
    }

    [Theory]
    [InlineData("{\"title\":\"x\",\"id\":\"need-1\"}", "id")]
    [InlineData("{\"title\":\"x\",\"meta\":{}}", "meta")]
    [InlineData("{\"title\":\"x\",\"sdgs\":\"three\"}", "sdgs")]
    [InlineData("not json", "$")]
    public async Task A_malformed_body_gets_400_naming_the_field(string json, string field)
    {
        var key = await host.CreateKeyAsync("officer", "Malformed City");
        using var response = await host.SendAsync(HttpMethod.Post, "/api/needs", key, json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Only_an_officer_may_post_a_need()
    {
        var key = await host.CreateKeyAsync("maintainer", "Some DPG Org");
        using var response = await host.SendAsync(HttpMethod.Post, "/api/needs", key, new
        {
            title = "A need",
            description = "A long enough description of what is needed.",
            contactEmail = "x@example.org",
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Only_the_bootstrap_key_creates_principals_and_the_key_it_returns_works()
    {
        var officerKey = await host.CreateKeyAsync("officer", "Bootstrap Test");
        using var refused = await host.SendAsync(HttpMethod.Post, "/api/admin/principals", officerKey, new { role = "admin", organisation = "x", email = "x@example.org" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var invalid = await host.SendAsync(HttpMethod.Post, "/api/admin/principals", host.AdminKey, new { role = "emperor", organisation = "", email = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var errors = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync());
        Assert.True(errors.RootElement.GetProperty("errors").TryGetProperty("role", out _));

        using var ok = await host.SendAsync(HttpMethod.Get, "/api/needs", officerKey);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task An_unknown_need_id_gets_404()
    {
        var key = await host.CreateKeyAsync("officer", "Unknown Need City");
        using var malformed = await host.SendAsync(HttpMethod.Get, "/api/needs/..%2F..%2Fetc", key);
        using var unknown = await host.SendAsync(HttpMethod.Get, $"/api/needs/{Guid.NewGuid():n}", key);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
