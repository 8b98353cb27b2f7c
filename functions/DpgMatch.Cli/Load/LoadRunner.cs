using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DpgMatch.Cli.Load;

/// <summary>
/// Drives a running local host over HTTP: posts needs, replays some of them, and watches the mail sink for each
/// need's digest; in the same run it measures raw batched Tables inserts as the base of a ratio.
/// </summary>
public sealed class LoadRunner(LoadOptions options, TextWriter progress)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the sink is still watched after the last digest, so a late second digest is caught.</summary>
    public static readonly TimeSpan DuplicateGrace = TimeSpan.FromSeconds(3);

    private readonly Stopwatch clock = new();

    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken)
    {
        var runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("n")[..6];
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency + 2 })
        {
            BaseAddress = options.Url,
            Timeout = TimeSpan.FromSeconds(100),
        };

        var keys = await CreateOfficerKeysAsync(http, runId, cancellationToken);
        RawTablesFigures? raw = null;
        if (options.Storage is not null)
        {
            await Progress($"raw Tables baseline: {options.Needs} entities");
            raw = await RawTablesBaseline.MeasureAsync(options.Storage, options.Needs, runId, cancellationToken);
        }

        var mail = new MailWatcher(http, $"load-{runId}-", options.Needs);
        // Sets the cursor past the mail already in the sink, so the timed polls read only this run's.
        await mail.PollAsync(() => 0, cancellationToken);

        clock.Start();
        await using var depths = options.Storage is null ? null : new QueueDepthSampler(options.Storage, () => clock.Elapsed.TotalSeconds);
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = WatchAsync(mail, stopWatching.Token);

        await Progress($"posting {options.Needs} needs, {options.Concurrency} at a time");
        var sentAt = new double[options.Needs];
        var posts = new PostResult[options.Needs];
        var postingStarted = clock.Elapsed;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, options.Needs),
            new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                sentAt[i] = clock.Elapsed.TotalMilliseconds;
                posts[i] = await PostNeedAsync(http, keys[i / options.NeedsPerOrganisation], runId, i, ct);
            });
        var postingSeconds = (clock.Elapsed - postingStarted).TotalSeconds;
        var accepted = Enumerable.Range(0, options.Needs).Where(i => posts[i].NeedId is not null).ToArray();

        ReplayFigures? replays = null;
        if (options.Replays > 0 && accepted.Length > 0)
        {
            await Progress($"replaying {options.Replays} posts with their Idempotency-Key");
            var replayed = new PostResult[options.Replays];
            var replayStarted = clock.Elapsed;
            await Parallel.ForEachAsync(
                Enumerable.Range(0, options.Replays),
                new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
                async (r, ct) =>
                {
                    var i = accepted[r % accepted.Length];
                    replayed[r] = await PostNeedAsync(http, keys[i / options.NeedsPerOrganisation], runId, i, ct);
                });
            var replaySeconds = (clock.Elapsed - replayStarted).TotalSeconds;
            var failed = replayed.Count(p => p.NeedId is null);
            var mismatches = replayed.Select((p, r) => (p, i: accepted[r % accepted.Length]))
                .Count(x => x.p.NeedId is not null && !string.Equals(x.p.NeedId, posts[x.i].NeedId, StringComparison.Ordinal));
            replays = new ReplayFigures(
                options.Replays, failed, mismatches, replaySeconds, options.Replays / replaySeconds,
                Percentiles.Summarise(replayed.Where(p => p.NeedId is not null).Select(p => p.LatencyMs).ToArray()));
        }

        await Progress($"waiting for {accepted.Length} digests (at most {options.EmailTimeout.TotalSeconds:0} s)");
        var deadline = clock.Elapsed + options.EmailTimeout;
        while (mail.Arrived(accepted) < accepted.Length && clock.Elapsed < deadline)
        {
            await Task.Delay(PollInterval, cancellationToken);
        }

        await Task.Delay(DuplicateGrace, cancellationToken);
        await stopWatching.CancelAsync();
        var pollFailures = await watching;
        await mail.PollAsync(() => clock.Elapsed.TotalMilliseconds, cancellationToken);

        var seen = accepted.Select(i => (i, mail: mail.Of(i))).ToArray();
        var arrived = seen.Where(s => !double.IsNaN(s.mail.FirstSeenMs)).ToArray();
        var lastSeconds = arrived.Length == 0 ? 0 : arrived.Max(s => s.mail.FirstSeenMs) / 1000 - postingStarted.TotalSeconds;
        var emails = new EmailFigures(
            accepted.Length,
            arrived.Length,
            accepted.Length - arrived.Length,
            seen.Count(s => s.mail.Digests > 1),
            options.EmailTimeout.TotalSeconds,
            lastSeconds,
            lastSeconds > 0 ? arrived.Length / lastSeconds : 0,
            PollInterval.TotalMilliseconds,
            pollFailures,
            Percentiles.Summarise(arrived.Select(s => s.mail.FirstSeenMs - sentAt[s.i]).ToArray()));

        var posting = new PostingFigures(
            options.Needs,
            accepted.Length,
            options.Needs - accepted.Length,
            postingSeconds,
            options.Needs / postingSeconds,
            Percentiles.Summarise(posts.Where(p => p.NeedId is not null).Select(p => p.LatencyMs).ToArray()));

        var samples = depths?.Samples ?? [];
        return new LoadReport(
            runId,
            options.Needs,
            options.Concurrency,
            options.Organisations,
            posting,
            replays,
            emails,
            raw,
            raw is null ? null : posting.PerSecond / raw.PerSecond,
            samples.Select(s => s with { Seconds = Math.Max(0, Math.Round(s.Seconds - postingStarted.TotalSeconds, 1)) }).ToArray());
    }

    /// <summary>One officer key per organisation of at most <see cref="LoadOptions.NeedsPerOrganisation"/> needs.</summary>
    private async Task<string[]> CreateOfficerKeysAsync(HttpClient http, string runId, CancellationToken cancellationToken)
    {
        var keys = new string[options.Organisations];
        for (var k = 0; k < keys.Length; k++)
        {
            var body = JsonSerializer.Serialize(
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["role"] = "officer",
                    ["organisation"] = string.Create(CultureInfo.InvariantCulture, $"Load test {runId} {k + 1}"),
                    ["email"] = $"load-{runId}@example.org",
                },
                LoadRequestJson.Default.DictionaryStringString);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/admin/principals", UriKind.Relative))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.AdminKey);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"POST /api/admin/principals answered {(int)response.StatusCode}; --key must be the bootstrap admin key.");
            }

            using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            keys[k] = created.RootElement.GetProperty("key").GetString()!;
        }

        return keys;
    }

    private static async Task<PostResult> PostNeedAsync(HttpClient http, string key, string runId, int need, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/needs", UriKind.Relative))
        {
            Content = new StringContent(NeedBodies.For(need, MailWatcher.Contact($"load-{runId}-", need)), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("Idempotency-Key", string.Create(CultureInfo.InvariantCulture, $"load-{runId}-{need}"));
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return new PostResult(null, (int)response.StatusCode, elapsed);
            }

            using var body = JsonDocument.Parse(text);
            return new PostResult(body.RootElement.GetProperty("id").GetString(), (int)response.StatusCode, elapsed);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // No answer (refused, reset or timed out) counts as a failed post, not as the end of the run.
            return new PostResult(null, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <returns>How many polls failed; a failed poll only delays when digests are seen.</returns>
    private async Task<int> WatchAsync(MailWatcher mail, CancellationToken stop)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                await mail.PollAsync(() => clock.Elapsed.TotalMilliseconds, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return failures;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                failures++;
            }

            try
            {
                await Task.Delay(PollInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return failures;
            }
        }
    }

    private Task Progress(string message) =>
        progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,6:0.0} s] {message}"));

    private sealed record PostResult(string? NeedId, int Status, double LatencyMs);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class LoadRequestJson : System.Text.Json.Serialization.JsonSerializerContext;
