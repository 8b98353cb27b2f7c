using System.Net;
using System.Text.Json;
using Azure.Storage.Queues;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

[Collection(LocalHostTests.Name)]
public sealed class NotificationTests(LocalHostFixture host)
{
    private static object Need(string contact, string title = "District health information system") => new
    {
        title,
        description = "Health facilities report monthly aggregate data with dashboards for district managers.",
        sector = "Health",
        sdgs = new[] { 3 },
        contactEmail = contact,
    };

    private static string Contact() => $"notify-{Guid.NewGuid():n}@example.org";

    private static bool To(JsonElement mail, string contact) =>
        mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString() == contact;

    private async Task<(string Key, string NeedId, string Organisation)> PostAsync(string contact, string? key = null, string? title = null)
    {
        var organisation = LocalHostFixture.Unique("Notify County");
        key ??= await host.CreateKeyAsync("officer", organisation);
        using var posted = await host.SendAsync(HttpMethod.Post, "/api/needs", key, title is null ? Need(contact) : Need(contact, title));
        return (key, JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!, organisation);
    }

    [Fact]
    public async Task A_notification_delivered_twice_sends_one_email()
    {
        var contact = Contact();
        var (_, needId, organisation) = await PostAsync(contact);
        await host.WaitForMailAsync(m => To(m, contact), TimeSpan.FromSeconds(20));

        // The same message again, twice, as an at-least-once queue may deliver it.
        var queue = new QueueClient(TestStorage.ConnectionString, "notifications", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var body = JsonSerializer.Serialize(new { kind = "officer-digest", organisation, needId });
        await queue.SendMessageAsync(body);
        await queue.SendMessageAsync(body);
        await Task.Delay(TimeSpan.FromSeconds(4));

        Assert.Single(await host.MailAsync(), m => To(m, contact));
    }

    [Fact]
    public async Task A_429_with_a_reset_two_seconds_ahead_sends_nothing_before_the_reset()
    {
        var contact = Contact();
        using var fault = await host.SendAsync(HttpMethod.Post, "/dev/mail/faults", key: null, new { status = 429, resetSeconds = 2, count = 1 });
        Assert.Equal(HttpStatusCode.NoContent, fault.StatusCode);
        var refusedAt = DateTimeOffset.UtcNow;

        await PostAsync(contact);
        await host.WaitForMailAsync(m => To(m, contact), TimeSpan.FromSeconds(30));
        var arrived = DateTimeOffset.UtcNow;

        // X-RateLimit-Reset has one-second resolution: the reset is at least one whole second after the refusal.
        Assert.True(arrived - refusedAt >= TimeSpan.FromSeconds(1), $"arrived after {(arrived - refusedAt).TotalMilliseconds} ms");
        Assert.Single(await host.MailAsync(), m => To(m, contact));
    }

    [Fact]
    public async Task Every_email_has_a_one_click_unsubscribe_that_stops_the_next_one()
    {
        var contact = Contact();
        var (key, _, _) = await PostAsync(contact);
        var mail = await host.WaitForMailAsync(m => To(m, contact), TimeSpan.FromSeconds(20));
        var headers = mail.GetProperty("headers");
        Assert.Equal("List-Unsubscribe=One-Click", headers.GetProperty("List-Unsubscribe-Post").GetString());
        var link = new Uri(headers.GetProperty("List-Unsubscribe").GetString()!.Trim('<', '>'));

        using var confirm = await host.Client.GetAsync(link.PathAndQuery);
        using var unsubscribe = await host.Client.PostAsync(link.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        using var forged = await host.Client.PostAsync(link.PathAndQuery + "x", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);

        var (_, second, _) = await PostAsync(contact, key);
        await host.WaitUntilMatchedAsync(second, key, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(await host.MailAsync(), m => To(m, contact));
    }

    [Fact]
    public async Task User_text_arrives_escaped_in_the_html_and_on_one_line_in_the_subject()
    {
        var contact = Contact();
        await PostAsync(contact, title: "<script>alert('x')</script> health reporting");
        var mail = await host.WaitForMailAsync(m => To(m, contact), TimeSpan.FromSeconds(20));
        var html = mail.GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "text/html").GetProperty("value").GetString()!;
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Equal("notification_id", mail.GetProperty("personalizations")[0].GetProperty("custom_args").EnumerateObject().First().Name);
    }
}
