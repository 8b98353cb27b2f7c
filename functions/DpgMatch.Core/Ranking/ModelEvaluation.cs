using System.Globalization;

namespace DpgMatch.Core.Ranking;

/// <summary>The gate's verdict on a candidate, with the measurements behind it.</summary>
public sealed record PromotionDecision(bool Promote, string Reason, IReadOnlyList<EvaluationResult> Evaluations);

/// <summary>Measures models on held-out groups, judges a candidate against the active model, and explains features.</summary>
public static class ModelEvaluation
{
    // Scores are compared for a gate of a hundredth; a difference below this is rounding, not a worse model.
    private const double Tolerance = 1e-9;

    /// <summary>
    /// Every group's scores from one batch <c>Transform</c>. Trees score each row on its own, so one batch gives the
    /// same scores as one call per group at a fraction of the overhead.
    /// </summary>
    public static IReadOnlyList<float[]> Score(RankerModel model, IReadOnlyList<TrainingGroup> groups)
    {
        var all = model.Score(groups.SelectMany(g => g.Features).ToArray());
        var result = new float[groups.Count][];
        var offset = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            result[i] = all[offset..(offset + groups[i].Features.Count)];
            offset += groups[i].Features.Count;
        }

        return result;
    }

    public static RankingQuality Quality(IReadOnlyList<TrainingGroup> groups, IReadOnlyList<float[]> scores) =>
        RankingQuality.Mean(groups.Select((g, k) =>
        {
            var s = scores[k];
            var ranked = Enumerable.Range(0, s.Length).OrderByDescending(i => s[i]).ThenBy(i => i).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
            var grades = g.Grades.Select((grade, i) => (i, grade)).Where(x => x.grade > 0)
                .ToDictionary(x => x.i.ToString(CultureInfo.InvariantCulture), x => x.grade, StringComparer.Ordinal);
            return RankingMetrics.Evaluate(ranked, grades);
        }).ToArray());

    public static ModelMetrics Metrics(RankerModel model, IReadOnlyList<TrainingGroup> groups)
    {
        var quality = Quality(groups, Score(model, groups));
        return new ModelMetrics(quality.NdcgAt10, quality.PrecisionAt1, quality.RecallAt10, quality.Needs);
    }

    /// <summary>
    /// Measures the candidate, and the active model when there is one, on each set that has groups. The candidate is
    /// promoted when its nDCG@10 is not worse than the active model's by more than <paramref name="margin"/> on every
    /// such set; with no active model, when there is any set to measure it on at all.
    /// </summary>
    public static PromotionDecision Judge(
        RankerModel candidate, RankerModel? active, IReadOnlyList<(string Set, IReadOnlyList<TrainingGroup> Groups)> sets, double margin)
    {
        var evaluations = sets
            .Where(s => s.Groups.Count > 0)
            .Select(s =>
            {
                var mine = Metrics(candidate, s.Groups);
                var theirs = active is null ? null : Metrics(active, s.Groups);
                return new EvaluationResult(s.Set, s.Groups.Count, mine, theirs, theirs is null || mine.NdcgAt10 >= theirs.NdcgAt10 - margin - Tolerance);
            })
            .ToArray();

        if (evaluations.Length == 0)
        {
            return new PromotionDecision(false, "There is no held-out need to measure the candidate on.", evaluations);
        }

        if (active is null)
        {
            return new PromotionDecision(true, "No model was active; the candidate is the first. " + Summary(evaluations), evaluations);
        }

        var failed = evaluations.Where(e => !e.Passed).ToArray();
        return failed.Length == 0
            ? new PromotionDecision(true, string.Create(CultureInfo.InvariantCulture, $"nDCG@10 is not worse than the active model's by more than {margin:0.000} on any set. ") + Summary(evaluations), evaluations)
            : new PromotionDecision(false, string.Join(" ", failed.Select(e => string.Create(CultureInfo.InvariantCulture,
                $"On {e.Set}, nDCG@10 is {e.Candidate.NdcgAt10:0.000} against the active model's {e.Active!.NdcgAt10:0.000}: worse by more than {margin:0.000}."))), evaluations);
    }

    /// <summary>
    /// Permutation importance: each feature's values are shuffled among the candidates of every group, which breaks
    /// what the feature says about a candidate while keeping its distribution within the need, and the fall in mean
    /// nDCG@10 is that feature's importance. Shuffles are seeded, so the figures repeat.
    /// </summary>
    public static IReadOnlyList<FeatureImportance> PermutationImportance(RankerModel model, IReadOnlyList<TrainingGroup> groups, int seed)
    {
        if (groups.Count == 0)
        {
            return [];
        }

        var baseline = Quality(groups, Score(model, groups)).NdcgAt10;
        var importance = new List<FeatureImportance>(Features.Count);
        for (var f = 0; f < Features.Count; f++)
        {
            var random = new Random(unchecked((seed * 397) + f));
            var permuted = groups.Select(g =>
            {
                var column = g.Features.Select(x => x[f]).ToArray();
                random.Shuffle(column);
                return g with
                {
                    Features = g.Features.Select((x, i) =>
                    {
                        var copy = (float[])x.Clone();
                        copy[f] = column[i];
                        return copy;
                    }).ToArray(),
                };
            }).ToArray();
            importance.Add(new FeatureImportance(Features.All[f].Name, baseline - Quality(permuted, Score(model, permuted)).NdcgAt10));
        }

        return [.. importance.OrderByDescending(i => i.NdcgDrop).ThenBy(i => i.Feature, StringComparer.Ordinal)];
    }

    private static string Summary(IEnumerable<EvaluationResult> evaluations) =>
        string.Join("; ", evaluations.Select(e => e.Active is { } a
            ? string.Create(CultureInfo.InvariantCulture, $"{e.Set}: {e.Candidate.NdcgAt10:0.000} against {a.NdcgAt10:0.000} over {e.Groups} needs")
            : string.Create(CultureInfo.InvariantCulture, $"{e.Set}: {e.Candidate.NdcgAt10:0.000} over {e.Groups} needs"))) + ".";
}
