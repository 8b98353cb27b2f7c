using System.Globalization;
using System.Text.Json.Serialization;

namespace DpgMatch.Cli.Load;

/// <summary>The figures of one load run: what the table shows and <c>--json</c> writes.</summary>
public sealed record LoadReport(
    string RunId,
    int Needs,
    int Concurrency,
    int Organisations,
    PostingFigures Posting,
    ReplayFigures? Replays,
    EmailFigures Emails,
    RawTablesFigures? RawTables,
    double? PostingToRawRatio,
    IReadOnlyList<QueueDepthSample> QueueDepths)
{
    /// <summary>Every posted need got exactly one digest, and every request and replay was answered as it must be.</summary>
    public bool Passed =>
        Posting.Failed == 0
        && Emails.Missing == 0
        && Emails.DuplicateRecipients == 0
        && (Replays is null || (Replays.Failed == 0 && Replays.Mismatches == 0));

    public async Task WriteTableAsync(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = new List<string>
        {
            Line($"load run {RunId}: {Needs} needs, concurrency {Concurrency}, {Organisations} organisation(s)"),
            "",
            Line($"{"measure",-40} {"count",7} {"per s",9} {"p50",10} {"p95",10} {"p99",10}"),
            Row("POST /api/needs", Posting.Succeeded, Posting.PerSecond, Posting.Latency),
        };
        if (Replays is not null)
        {
            lines.Add(Row("POST /api/needs, replayed Idempotency-Key", Replays.Sent - Replays.Failed, Replays.PerSecond, Replays.Latency));
        }

        lines.Add(Row("need to digest in the mail sink", Emails.Arrived, Emails.PerSecond, Emails.Latency));
        if (RawTables is not null)
        {
            lines.Add(Row($"raw Tables insert, batches of {RawTables.BatchSize}", RawTables.Entities, RawTables.PerSecond, null));
        }

        lines.Add("");
        if (PostingToRawRatio is { } ratio)
        {
            lines.Add(Line($"ratio of needs posted/s to raw Tables entities/s: {ratio:0.000}"));
        }

        lines.Add(Line($"posts: {Posting.Succeeded} accepted, {Posting.Failed} failed, in {Posting.Seconds:0.00} s"));
        if (Replays is not null)
        {
            lines.Add(Line($"replays: {Replays.Sent} sent, {Replays.Failed} failed, {Replays.Mismatches} answered with another need id"));
        }

        lines.Add(Line($"digests: {Emails.Arrived} of {Emails.Expected} arrived, {Emails.Missing} missing after {Emails.TimeoutSeconds:0} s, {Emails.DuplicateRecipients} recipients with more than one; last at {Emails.Seconds:0.0} s after the first post; sink polled every {Emails.PollIntervalMs:0} ms, {Emails.FailedPolls} polls failed"));
        if (QueueDepths.Count > 0)
        {
            lines.Add(Line($"queue depth, needs-to-match / notifications (peak {QueueDepths.Max(d => d.NeedsToMatch)} / {QueueDepths.Max(d => d.Notifications)}):"));
            var step = Math.Max(1, (int)Math.Ceiling(QueueDepths.Count / 12.0));
            var shown = QueueDepths.Where((_, i) => i % step == 0 || i == QueueDepths.Count - 1);
            lines.Add("  " + string.Join("  ", shown.Select(d => Line($"{d.Seconds:0}s {d.NeedsToMatch}/{d.Notifications}"))));
        }

        lines.Add(Passed ? "result: pass" : "result: FAIL");
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line);
        }
    }

    private static string Row(string name, int count, double perSecond, LatencySummary? latency) =>
        Line($"{name,-40} {count,7} {perSecond,9:0.0} {Duration(latency?.P50Ms),10} {Duration(latency?.P95Ms),10} {Duration(latency?.P99Ms),10}");

    private static string Duration(double? ms) => ms switch
    {
        null => "-",
        < 100 => Line($"{ms:0.0} ms"),
        < 10_000 => Line($"{ms:0} ms"),
        _ => Line($"{ms / 1000:0.0} s"),
    };

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

public sealed record PostingFigures(int Sent, int Succeeded, int Failed, double Seconds, double PerSecond, LatencySummary? Latency);

public sealed record ReplayFigures(int Sent, int Failed, int Mismatches, double Seconds, double PerSecond, LatencySummary? Latency);

/// <summary>
/// Digests of the posted needs. <see cref="Seconds"/> runs from the first POST to the last digest seen;
/// latencies from each need's POST to the poll that first saw its digest.
/// </summary>
public sealed record EmailFigures(
    int Expected,
    int Arrived,
    int Missing,
    int DuplicateRecipients,
    double TimeoutSeconds,
    double Seconds,
    double PerSecond,
    double PollIntervalMs,
    int FailedPolls,
    LatencySummary? Latency);

public sealed record RawTablesFigures(int Entities, int BatchSize, double Seconds, double PerSecond);

/// <summary>Approximate message counts, <see cref="Seconds"/> after the first POST.</summary>
public sealed record QueueDepthSample(double Seconds, int NeedsToMatch, int Notifications);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(LoadReport))]
public sealed partial class LoadJson : JsonSerializerContext;
