using System.Net;
using System.Text.Json;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

[Collection(LocalHostTests.Name)]
public sealed class MaintainerAlertTests(LocalHostFixture host)
{
    private static bool To(JsonElement mail, string email) =>
        mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString() == email;

    [Fact]
    public async Task A_need_that_fits_a_claimed_subscribed_listing_mails_the_officer_once_and_the_maintainer_once()
    {
        var maintainerEmail = $"maintainer-{Guid.NewGuid():n}@example.org";
        var maintainer = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("DPG team"), maintainerEmail, "dhis2");
        using var subscribed = await host.SendAsync(HttpMethod.Put, "/api/listings/dhis2/subscription", maintainer, new { frequency = "immediate", language = "fr" });
        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);

        var officerEmail = $"officer-{Guid.NewGuid():n}@example.org";
        var officer = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Alert County"));
        using var posted = await host.SendAsync(HttpMethod.Post, "/api/needs", officer, new
        {
            title = "County health facility monthly reporting system",
            description = "County health facilities must report monthly service statistics (immunisation, maternal health, malaria) with dashboards and indicators; data entry works offline.",
            sector = "Health",
            sdgs = new[] { 3 },
            country = "Kenya",
            contactEmail = officerEmail,
        });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var needId = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        // The maintainer hears of every need that fits dhis2 from now on; this test counts the alert about its own.
        var alertId = DpgMatch.Core.Notifications.NotificationIds.For("maintainer-fit", needId, "dhis2", maintainerEmail);
        bool IsAlert(JsonElement m) => To(m, maintainerEmail)
            && m.GetProperty("personalizations")[0].TryGetProperty("custom_args", out var args)
            && args.TryGetProperty("notification_id", out var id) && id.GetString() == alertId;
        var alert = await host.WaitForMailAsync(IsAlert, TimeSpan.FromSeconds(30));
        await host.WaitForMailAsync(m => To(m, officerEmail), TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var mail = await host.MailAsync();
        Assert.Single(mail, m => To(m, officerEmail));
        Assert.Single(mail, IsAlert);
        var subject = alert.GetProperty("personalizations")[0].GetProperty("subject").GetString()!;
        Assert.StartsWith("Un besoin correspond à votre BPN DHIS2", subject, StringComparison.Ordinal);

        // The officer did not allow their contact to be shared.
        Assert.DoesNotContain(officerEmail, alert.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_subscription_a_claimed_listing_mails_nobody_and_only_its_owner_may_subscribe()
    {
        var maintainerEmail = $"quiet-{Guid.NewGuid():n}@example.org";
        var owner = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("DPG team"), maintainerEmail, "opencrvs");
        var stranger = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("DPG team"), $"stranger-{Guid.NewGuid():n}@example.org", "dhis2");

        using var notOwned = await host.SendAsync(HttpMethod.Put, "/api/listings/opencrvs/subscription", stranger, new { frequency = "immediate" });
        using var invalid = await host.SendAsync(HttpMethod.Put, "/api/listings/opencrvs/subscription", owner, new { frequency = "hourly" });
        Assert.Equal(HttpStatusCode.NotFound, notOwned.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        var officer = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Registry County"));
        var officerEmail = $"registrar-{Guid.NewGuid():n}@example.org";
        using var posted = await host.SendAsync(HttpMethod.Post, "/api/needs", officer, new
        {
            title = "Civil registration of births and deaths",
            description = "Digital registration of births and deaths with certificates and vital statistics.",
            contactEmail = officerEmail,
        });
        await host.WaitForMailAsync(m => To(m, officerEmail), TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(await host.MailAsync(), m => To(m, maintainerEmail));
    }
}
