using System.Net;
using System.Text.Json;
using DpgMatch.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace DpgMatch.Tests.EndToEnd;

[Collection(LocalHostTests.Name)]
public sealed class MailSinkTests(LocalHostFixture host)
{
    private static object Mail(object personalizations, object? content = null) => new
    {
        personalizations,
        from = new { email = "matches@example.org" },
        subject = "Hello",
        content = content ?? new[] { new { type = "text/plain", value = "Hi" } },
    };

    [Fact]
    public async Task The_sink_refuses_what_SendGrid_refuses()
    {
        using var noRecipient = await host.SendAsync(HttpMethod.Post, "/v3/mail/send", "any", Mail(new[] { new { to = Array.Empty<object>() } }));
        using var noContent = await host.SendAsync(HttpMethod.Post, "/v3/mail/send", "any", Mail(new[] { new { to = new[] { new { email = "a@example.org" } } } }, Array.Empty<object>()));
        var many = Enumerable.Range(0, 1001).Select(i => new { to = new[] { new { email = $"r{i}@example.org" } } }).ToArray();
        using var tooMany = await host.SendAsync(HttpMethod.Post, "/v3/mail/send", "any", Mail(many));
        using var unauthenticated = await host.SendAsync(HttpMethod.Post, "/v3/mail/send", key: null, Mail(new[] { new { to = new[] { new { email = "a@example.org" } } } }));

        Assert.Equal(HttpStatusCode.BadRequest, noRecipient.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noContent.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        using var errors = JsonDocument.Parse(await noContent.Content.ReadAsStringAsync());
        Assert.Equal("content", errors.RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_sink_accepts_a_valid_payload_and_keeps_it_as_received()
    {
        var marker = Guid.NewGuid().ToString("n");
        var raw = $$"""{"personalizations":[{"to":[{"email":"{{marker}}@example.org"}]}],"from":{"email":"matches@example.org"},"subject":"S","content":[{"type":"text/plain","value":"é \u00e9 {{marker}}"}]}""";
        using var response = await host.SendAsync(HttpMethod.Post, "/v3/mail/send", "any", raw);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var captured = await host.WaitForMailAsync(m => m.GetRawText().Contains(marker, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.Equal(raw, captured.GetRawText());
    }

    [Fact]
    public async Task With_its_cursor_a_poll_returns_only_the_mail_that_arrived_since_the_last()
    {
        using var before = await host.Client.GetAsync("/dev/mail");
        var cursor = before.Headers.GetValues("X-Mail-Cursor").Single();
        var marker = Guid.NewGuid().ToString("n");
        using var sent = await host.SendAsync(HttpMethod.Post, "/v3/mail/send", "any", Mail(new[] { new { to = new[] { new { email = $"{marker}@example.org" } } } }));
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        using var since = await host.Client.GetAsync("/dev/mail?after=" + Uri.EscapeDataString(cursor));
        var next = since.Headers.GetValues("X-Mail-Cursor").Single();
        using var arrived = JsonDocument.Parse(await since.Content.ReadAsStringAsync());
        using var after = await host.Client.GetAsync("/dev/mail?after=" + Uri.EscapeDataString(next));

        Assert.Single(arrived.RootElement.EnumerateArray(), m => m.GetRawText().Contains(marker, StringComparison.Ordinal));
        Assert.True(string.CompareOrdinal(next, cursor) > 0);
        Assert.DoesNotContain(marker, await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(marker, await host.Client.GetStringAsync("/dev/mail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Captured_mail_survives_a_restart_of_the_local_host()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dpgmatch-restart-" + Guid.NewGuid().ToString("n"));
        var address = new Uri($"http://127.0.0.1:{LocalHostFixture.FreePort()}");
        var marker = Guid.NewGuid().ToString("n");
        try
        {
            WebApplication first = await LocalHostFixture.StartAsync(address, TestStorage.ConnectionString, directory, "restart-admin-key-0123456789", importCatalog: false);
            using (var client = new HttpClient { BaseAddress = address })
            {
                client.DefaultRequestHeaders.Authorization = new("Bearer", "any");
                using var sent = await client.PostAsync("/v3/mail/send", new StringContent(
                    $$"""{"personalizations":[{"to":[{"email":"{{marker}}@example.org"}]}],"from":{"email":"m@example.org"},"subject":"S","content":[{"type":"text/plain","value":"x"}]}""",
                    System.Text.Encoding.UTF8,
                    "application/json"));
                Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            }

            await first.StopAsync();
            await first.DisposeAsync();

            WebApplication second = await LocalHostFixture.StartAsync(address, TestStorage.ConnectionString, directory, "restart-admin-key-0123456789", importCatalog: false);
            try
            {
                using var client = new HttpClient { BaseAddress = address };
                var all = await client.GetStringAsync("/dev/mail");
                Assert.Contains(marker, all, StringComparison.Ordinal);
            }
            finally
            {
                await second.StopAsync();
                await second.DisposeAsync();
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
