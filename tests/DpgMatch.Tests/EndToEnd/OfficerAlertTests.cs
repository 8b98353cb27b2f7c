using System.Net;
using System.Text.Json;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

/// <summary>A DPG listed after a need was matched, and fitting it, reaches the need's officer as one short alert.</summary>
[Collection(LocalHostTests.Name)]
public sealed class OfficerAlertTests(LocalHostFixture host)
{
    private static bool IsAlertTo(JsonElement mail, string email) =>
        mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString() == email
        && mail.GetProperty("personalizations")[0].TryGetProperty("custom_args", out var args)
        && args.TryGetProperty("kind", out var kind) && kind.GetString() == "officer-alert";

    private static object HiveRegistry(string name, string description) => new
    {
        name,
        description,
        licenses = new[] { "MIT" },
        sdgs = new[] { new { number = 15, evidence = "Urban beekeepers register their hives for pollinator protection." } },
        sectors = new[] { "Agriculture" },
        types = new[] { "software" },
    };

    [Fact]
    public async Task A_new_listing_that_fits_an_open_need_alerts_its_officer_once_however_often_it_changes()
    {
        var officerEmail = $"apiary-{Guid.NewGuid():n}@example.org";
        var officer = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Hive City"));
        using var posted = await host.SendAsync(HttpMethod.Post, "/api/needs", officer, new
        {
            title = "Beehive and apiary registration for urban beekeepers",
            description = "The city needs a register of beehives and apiaries: beekeepers record their hives, inspectors plan visits, and swarm reports reach the nearest beekeeper.",
            contactEmail = officerEmail,
        });
        var needId = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await host.WaitUntilMatchedAsync(needId, officer, TimeSpan.FromSeconds(30));

        var maintainer = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("Bee Org"), $"bees-{Guid.NewGuid():n}@example.org");
        var name = LocalHostFixture.Unique("HiveBook");
        using var created = await host.SendAsync(HttpMethod.Post, "/api/listings", maintainer, HiveRegistry(
            name, "Beehive and apiary registration: beekeepers register hives, inspectors schedule apiary visits, swarm reports are routed."));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var listingId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var alert = await host.WaitForMailAsync(m => IsAlertTo(m, officerEmail), TimeSpan.FromSeconds(30));
        Assert.Contains(name, alert.GetProperty("personalizations")[0].GetProperty("subject").GetString()!, StringComparison.Ordinal);
        using (var matches = await host.SendAsync(HttpMethod.Get, $"/api/needs/{needId}/matches", officer))
        {
            Assert.Contains($"\"listingId\":\"{listingId}\"", await matches.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A change to a listing the officer already heard of is not news.
        using var changed = await host.SendRawAsync(
            HttpMethod.Put,
            created.Headers.Location!.OriginalString,
            maintainer,
            JsonSerializer.SerializeToUtf8Bytes(HiveRegistry(name, "Beehive and apiary registration with hive inspections, swarm alerts and honey traceability.")),
            "application/json",
            new Dictionary<string, string> { ["If-Match"] = created.Headers.ETag!.Tag });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(4));

        var mail = await host.MailAsync();
        Assert.Single(mail, m => IsAlertTo(m, officerEmail));
    }
}
