namespace DpgMatch.Core.Ranking;

public sealed record RankingQuality(double NdcgAt10, double PrecisionAt1, double RecallAt10, int Needs)
{
    public static RankingQuality Mean(IReadOnlyList<RankingQuality> perNeed) => perNeed.Count == 0
        ? new RankingQuality(0, 0, 0, 0)
        : new RankingQuality(
            perNeed.Average(q => q.NdcgAt10),
            perNeed.Average(q => q.PrecisionAt1),
            perNeed.Where(q => !double.IsNaN(q.RecallAt10)).Select(q => q.RecallAt10).DefaultIfEmpty(0).Average(),
            perNeed.Count);
}

/// <summary>The benchmark's metrics: nDCG@10 with gain 2^grade - 1, P@1 of a best-graded item, recall@10 of grade >= 2.</summary>
public static class RankingMetrics
{
    public static RankingQuality Evaluate(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades)
    {
        var best = grades.Count == 0 ? 0 : grades.Values.Max();
        var good = grades.Where(g => g.Value >= 2).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return new RankingQuality(
            Ndcg(ranked, grades, 10),
            ranked.Count > 0 && best > 0 && grades.GetValueOrDefault(ranked[0]) == best ? 1 : 0,
            good.Count == 0 ? double.NaN : (double)ranked.Take(10).Count(good.Contains) / good.Count,
            1);
    }

    public static double Ndcg(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades, int k)
    {
        double dcg = 0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            dcg += (Math.Pow(2, grades.GetValueOrDefault(ranked[i])) - 1) / Math.Log2(i + 2);
        }

        var ideal = grades.Values.OrderDescending().Take(k).Select((g, i) => (Math.Pow(2, g) - 1) / Math.Log2(i + 2)).Sum();
        return ideal > 0 ? dcg / ideal : 0;
    }
}
