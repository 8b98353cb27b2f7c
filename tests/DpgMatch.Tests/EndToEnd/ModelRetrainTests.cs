using System.Net;
using System.Text.Json;
using DpgMatch.Core.Ranking;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

[Collection(LocalHostTests.Name)]
public sealed class ModelRetrainTests(LocalHostFixture host)
{
    [Fact]
    public async Task An_analyst_retrains_follows_the_version_to_its_verdict_and_reads_the_model_and_its_report()
    {
        var analyst = await host.CreateKeyAsync("analyst", LocalHostFixture.Unique("Analysts"));
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString("n") };

        using var posted = await host.SendRawAsync(HttpMethod.Post, "/api/model/retrain", analyst, body: null, contentType: null, key);
        using var replayed = await host.SendRawAsync(HttpMethod.Post, "/api/model/retrain", analyst, body: null, contentType: null, key);

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var location = posted.Headers.Location!.OriginalString;
        var queued = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement;
        var id = queued.GetProperty("id").GetString()!;
        Assert.Equal($"/api/model/versions/{id}", location);
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(id, JsonDocument.Parse(await replayed.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());

        var version = await WaitUntilFinishedAsync(analyst, id, TimeSpan.FromMinutes(4));
        var status = version.GetProperty("status").GetString();
        Assert.True(status is "promoted" or "rejected", $"{status}: {version.GetProperty("reason")}");
        var benchmark = version.GetProperty("evaluations").EnumerateArray().Single(e => e.GetProperty("set").GetString() == "benchmark");
        Assert.InRange(benchmark.GetProperty("candidate").GetProperty("ndcgAt10").GetDouble(), 0.3, 1.0);
        Assert.Equal(Features.Count, version.GetProperty("importance").GetArrayLength());
        Assert.True(version.GetProperty("counts").GetProperty("coldStartGroups").GetInt32() > 100);

        using var versions = await host.SendAsync(HttpMethod.Get, "/api/model/versions", analyst);
        var items = JsonDocument.Parse(await versions.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.Contains(items, v => v.GetProperty("id").GetString() == id);
        Assert.Equal(items.Select(v => v.GetProperty("createdAt").GetDateTimeOffset()).OrderDescending(), items.Select(v => v.GetProperty("createdAt").GetDateTimeOffset()));

        using var model = await host.SendAsync(HttpMethod.Get, "/api/model", analyst);
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        var active = JsonDocument.Parse(await model.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("learned", active.GetProperty("ranker").GetString());
        Assert.Equal("promoted", active.GetProperty("source").GetString());
        if (status == "promoted")
        {
            Assert.Equal(id, active.GetProperty("version").GetString());
            Assert.Equal(id, active.GetProperty("manifest").GetProperty("version").GetString());
            Assert.True(active.GetProperty("manifest").GetProperty("metrics").TryGetProperty("benchmark", out _));
        }

        // Admins run the deployment, so they may see which model it serves; they may not retrain it.
        var admin = await host.CreateKeyAsync("admin", LocalHostFixture.Unique("Operators"));
        using var asAdmin = await host.SendAsync(HttpMethod.Get, "/api/model", admin);
        using var retrainAsAdmin = await host.SendAsync(HttpMethod.Post, "/api/model/retrain", admin);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, retrainAsAdmin.StatusCode);

        using var report = await host.SendAsync(HttpMethod.Get, version.GetProperty("report").GetString()!, analyst);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("text/markdown", report.Content.Headers.ContentType?.MediaType);
        var markdown = await report.Content.ReadAsStringAsync();
        Assert.Contains($"# Ranking model {id}: {status}", markdown, StringComparison.Ordinal);
        Assert.Contains("## nDCG@10 per version", markdown, StringComparison.Ordinal);
        Assert.Contains("## Feature importance", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retrain_request_with_an_unknown_field_or_a_negative_seed_is_refused()
    {
        var analyst = await host.CreateKeyAsync("analyst", LocalHostFixture.Unique("Analysts"));

        using var unknown = await host.SendAsync(HttpMethod.Post, "/api/model/retrain", analyst, new { seeds = 3 });
        using var negative = await host.SendAsync(HttpMethod.Post, "/api/model/retrain", analyst, new { seed = -1 });
        using var unknownVersion = await host.SendAsync(HttpMethod.Get, "/api/model/versions/20260101000000-abcdef", analyst);
        using var malformed = await host.SendAsync(HttpMethod.Get, "/api/model/versions/..%2Fmodels", analyst);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True(JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("seeds", out _));
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    private async Task<JsonElement> WaitUntilFinishedAsync(string key, string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await host.SendAsync(HttpMethod.Get, $"/api/model/versions/{id}", key);
            var version = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (version.GetProperty("status").GetString() is "promoted" or "rejected" or "failed")
            {
                return version;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Model version {id} did not finish within {timeout.TotalMinutes} minutes.");
            }

            await Task.Delay(500);
        }
    }
}
