using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

[Collection(LocalHostTests.Name)]
public sealed class EventWebhookTests(LocalHostFixture host)
{
    private async Task<HttpResponseMessage> PostAsync(string body, DateTimeOffset at, ECDsa? key = null, bool sign = true)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string> { ["X-Twilio-Email-Event-Webhook-Timestamp"] = timestamp };
        if (sign)
        {
            var signature = (key ?? host.WebhookKey).SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            headers["X-Twilio-Email-Event-Webhook-Signature"] = Convert.ToBase64String(signature);
        }

        return await host.SendRawAsync(HttpMethod.Post, "/api/sendgrid/events", key: null, Encoding.UTF8.GetBytes(body), "application/json", headers);
    }

    private static string Events(string email, string kind) =>
        JsonSerializer.Serialize(new[] { new Dictionary<string, object> { ["email"] = email, ["event"] = kind, ["sg_event_id"] = Guid.NewGuid().ToString("n"), ["timestamp"] = 1 } });

    [Fact]
    public async Task Unsigned_forged_and_stale_posts_are_refused()
    {
        var body = Events("x@example.org", "delivered");
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var unsigned = await PostAsync(body, DateTimeOffset.UtcNow, sign: false);
        using var forged = await PostAsync(body, DateTimeOffset.UtcNow, other);
        using var stale = await PostAsync(body, DateTimeOffset.UtcNow.AddMinutes(-6));
        using var signed = await PostAsync(body, DateTimeOffset.UtcNow);

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, signed.StatusCode);
    }

    [Fact]
    public async Task A_bounce_suppresses_the_address_and_a_replay_changes_nothing()
    {
        var contact = $"bounce-{Guid.NewGuid():n}@example.org";
        var body = Events(contact, "bounce");
        using var first = await PostAsync(body, DateTimeOffset.UtcNow);
        using var replay = await PostAsync(body, DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, replay.StatusCode);

        var key = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Bounce County"));
        using var posted = await host.SendAsync(HttpMethod.Post, "/api/needs", key, new
        {
            title = "District health information system",
            description = "Health facilities report monthly aggregate data with dashboards for district managers.",
            contactEmail = contact,
        });
        var id = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        await host.WaitUntilMatchedAsync(id!, key, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(await host.MailAsync(), m => m.GetRawText().Contains(contact, StringComparison.Ordinal));
    }
}
