namespace DpgMatch.Cli.Load;

/// <summary>Latency summaries by the nearest-rank method, so every reported figure is a time that was measured.</summary>
public static class Percentiles
{
    /// <param name="values">Any order, at least one; not changed.</param>
    /// <param name="percentile">In (0, 100].</param>
    public static double Of(IReadOnlyCollection<double> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (values.Count == 0)
        {
            throw new ArgumentException("A percentile of no values is undefined.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    /// <returns>Null when nothing was measured.</returns>
    public static LatencySummary? Summarise(IReadOnlyCollection<double> milliseconds) =>
        milliseconds.Count == 0
            ? null
            : new(Of(milliseconds, 50), Of(milliseconds, 95), Of(milliseconds, 99), milliseconds.Max());
}

public sealed record LatencySummary(double P50Ms, double P95Ms, double P99Ms, double MaxMs);
