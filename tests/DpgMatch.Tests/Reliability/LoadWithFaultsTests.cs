using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DpgMatch.Tests.Support;
using Xunit.Abstractions;

namespace DpgMatch.Tests.Reliability;

/// <summary>
/// At-least-once everywhere, exactly-once where it shows: a thousand posts, half of them replays, while a tenth of
/// the host's storage calls fail before or after they commit. Every need is stored, matched and mailed once.
/// </summary>
[Collection(LocalHostTests.Name)]
public sealed class LoadWithFaultsTests(LocalHostFixture host, ITestOutputHelper output)
{
    private const int Distinct = 500;
    private const int Organisations = 5;

    [Fact]
    public async Task A_thousand_posts_with_a_tenth_of_storage_calls_failing_store_match_and_mail_each_need_exactly_once()
    {
        var run = Guid.NewGuid().ToString("n")[..8];
        var officers = new string[Organisations];
        for (var o = 0; o < Organisations; o++)
        {
            // Several organisations, so the daily email cap per organisation does not come into it.
            officers[o] = await host.CreateKeyAsync("officer", $"Load {run} {o}");
        }

        var requests = Enumerable.Range(0, Distinct)
            .SelectMany(i => new[] { i, i })
            .OrderBy(i => HashCode.Combine(i, run))
            .Select((need, order) => (Need: need, Order: order))
            .ToArray();
        var ids = new ConcurrentDictionary<int, ConcurrentBag<string>>();
        var serverErrors = 0;
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        // DPGMATCH_CHAOS_RATE=0 runs the same load without faults: the baseline for the figures.
        var rate = double.Parse(Environment.GetEnvironmentVariable("DPGMATCH_CHAOS_RATE") ?? "0.10", System.Globalization.CultureInfo.InvariantCulture);
        host.Chaos.Enable(faultRate: rate, latencyRate: rate / 2, latency: TimeSpan.FromMilliseconds(40));
        var before = host.Chaos.Counts;
        var clock = Stopwatch.StartNew();
        try
        {
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (request, ct) =>
            {
                var i = request.Need;
                var body = JsonContent.Create(new
                {
                    title = $"Need {i} of run {run}: case management for social workers",
                    description = "Social workers register households, record visits and refer cases to health and education services.",
                    sector = "Social protection",
                    contactEmail = Contact(run, i),
                });
                await body.LoadIntoBufferAsync(ct);
                for (var attempt = 1; ; attempt++)
                {
                    using var message = new HttpRequestMessage(HttpMethod.Post, "/api/needs") { Content = new ByteArrayContent(await body.ReadAsByteArrayAsync(ct)) };
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", officers[i % Organisations]);
                    message.Headers.Add("Idempotency-Key", $"{run}-{i}");
                    using var response = await client.SendAsync(message, ct);
                    if ((int)response.StatusCode >= 500 && attempt < 10)
                    {
                        // What a well-behaved client does: the same request, with the same key, a little later.
                        Interlocked.Increment(ref serverErrors);
                        await Task.Delay(100 * attempt, ct);
                        continue;
                    }

                    Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"POST answered {(int)response.StatusCode}");
                    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                    ids.GetOrAdd(i, _ => []).Add(json.RootElement.GetProperty("id").GetString()!);
                    return;
                }
            });
            var posted = clock.Elapsed;

            var mail = await WaitForDigestsAsync(run, TimeSpan.FromMinutes(4));
            var done = clock.Elapsed;
            var faults = host.Chaos.Counts;
            host.Chaos.Disable();

            var stored = new List<JsonElement>();
            foreach (var officer in officers)
            {
                using var list = await host.SendAsync(HttpMethod.Get, "/api/needs", officer);
                using var needs = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
                stored.AddRange(needs.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            }

            output.WriteLine($"posted {requests.Length} in {posted.TotalSeconds:0.0} s ({requests.Length / posted.TotalSeconds:0} req/s), {serverErrors} 5xx retried by the client");
            output.WriteLine($"{mail.Count} of {Distinct} digests after {done.TotalSeconds:0.0} s");
            output.WriteLine($"storage calls {faults.Calls - before.Calls}: {faults.BeforeCommit - before.BeforeCommit} failed before commit, "
                + $"{faults.AfterCommit503 - before.AfterCommit503} 503 after commit, {faults.AfterCommitTimeouts - before.AfterCommitTimeouts} timeouts after commit, "
                + $"{faults.Delayed - before.Delayed} delayed");

            foreach (var missing in stored.Where(n => !mail.ContainsKey(n.GetProperty("contactEmail").GetString()!)))
            {
                output.WriteLine($"no digest for need {missing.GetProperty("id").GetString()} ({missing.GetProperty("status").GetString()})");
            }

            Assert.Equal(Distinct, ids.Count);
            Assert.All(ids.Values, bag => Assert.Single(bag.Distinct()));
            Assert.Equal(Distinct, ids.Values.Select(b => b.First()).Distinct().Count());
            Assert.Equal(Distinct, stored.Count);
            Assert.All(stored, n => Assert.Equal("matched", n.GetProperty("status").GetString()));
            Assert.Equal(Distinct, mail.Count);
            Assert.All(mail, m => Assert.Equal(1, m.Value));
            Assert.True(rate == 0 || faults.Faults - before.Faults > 100, "The run injected too few faults to mean anything.");
        }
        finally
        {
            host.Chaos.Disable();
        }
    }

    private static string Contact(string run, int i) => $"load-{run}-{i}@example.org";

    /// <summary>Waits until every need's officer has a digest, then a little longer, so that a late duplicate would show.</summary>
    private async Task<Dictionary<string, int>> WaitForDigestsAsync(string run, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Dictionary<string, int> counts;
        while (true)
        {
            counts = SinkMail.DigestsTo(await host.MailAsync(), $"load-{run}-");
            if (counts.Count >= Distinct || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(500);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        return SinkMail.DigestsTo(await host.MailAsync(), $"load-{run}-");
    }
}
