using System.Net;
using System.Text.Json;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

[Collection(LocalHostTests.Name)]
public sealed class NeedLifecycleTests(LocalHostFixture host)
{
    private static readonly object Need = new
    {
        title = "Open data portal for the city",
        description = "The city wants to publish its datasets on an open data portal with an API and a catalogue.",
        sector = "Governance",
        sdgs = new[] { 16 },
        country = "Ghana",
        contactEmail = "portal@example.org",
        requirements = new
        {
            osiApprovedLicence = true,
            commercialReuse = true,
            onPremises = true,
            offline = false,
            languages = new[] { "en", "fr" },
            dataResidency = "Ghana",
            budget = new { amount = 50000, currency = "USD" },
            deadline = "2027-03-31",
        },
    };

    [Fact]
    public async Task Structured_requirements_are_kept_with_the_need()
    {
        var key = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Requirements City"));
        using var posted = await host.SendAsync(HttpMethod.Post, "/api/needs", key, Need);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        using var body = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var requirements = body.RootElement.GetProperty("requirements");
        Assert.True(requirements.GetProperty("osiApprovedLicence").GetBoolean());
        Assert.True(requirements.GetProperty("onPremises").GetBoolean());
        Assert.Equal(["en", "fr"], requirements.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("2027-03-31", requirements.GetProperty("deadline").GetString());
        Assert.Equal("USD", requirements.GetProperty("budget").GetProperty("currency").GetString());
    }

    [Fact]
    public async Task An_officer_closes_or_withdraws_their_own_need_once()
    {
        var key = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Closing City"));
        var other = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Nosy City"));
        var first = await PostAsync(key);
        var second = await PostAsync(key);

        using var foreign = await host.SendAsync(HttpMethod.Post, $"/api/needs/{first}/close", other);
        using var closed = await host.SendAsync(HttpMethod.Post, $"/api/needs/{first}/close", key);
        using var closedAgain = await host.SendAsync(HttpMethod.Post, $"/api/needs/{first}/withdraw", key);
        using var withdrawn = await host.SendAsync(HttpMethod.Post, $"/api/needs/{second}/withdraw", key);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("closed", JsonDocument.Parse(await closed.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, closedAgain.StatusCode);
        Assert.Equal("withdrawn", JsonDocument.Parse(await withdrawn.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());

        using var read = await host.SendAsync(HttpMethod.Get, $"/api/needs/{first}", key);
        Assert.Equal("closed", JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    private async Task<string> PostAsync(string key)
    {
        using var posted = await host.SendAsync(HttpMethod.Post, "/api/needs", key, Need);
        using var body = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }
}
