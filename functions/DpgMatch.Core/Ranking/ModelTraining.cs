using System.Globalization;
using System.Text;

namespace DpgMatch.Core.Ranking;

/// <summary>Trains a model, measuring it first on groups held out of training, then on all groups.</summary>
public static class ModelTraining
{
    public const double HoldOutShare = 0.2;

    public static (string Report, RankerModel Model) TrainWithHoldOut(
        IReadOnlyList<TrainingGroup> groups, TrainingOptions options, string version, string dataDescription)
    {
        // A deterministic split: the same seed holds out the same groups.
        var random = new Random(options.Seed);
        var order = groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (Group: g, Key: random.NextDouble())).ToArray();
        var heldOut = order.Where(o => o.Key < HoldOutShare).Select(o => o.Group).ToArray();
        var training = order.Where(o => o.Key >= HoldOutShare).Select(o => o.Group).ToArray();

        var probe = RankerTrainer.Train(training, options, version + "-probe", dataDescription);
        var heldOutQuality = Evaluate(probe, heldOut);
        var model = RankerTrainer.Train(groups, options, version, dataDescription);
        var trainingQuality = Evaluate(model, groups);
        var manifest = model.Manifest with
        {
            Metrics = new Dictionary<string, ModelMetrics>(StringComparer.Ordinal)
            {
                ["coldStartHeldOut"] = new(heldOutQuality.NdcgAt10, heldOutQuality.PrecisionAt1, heldOutQuality.RecallAt10, heldOutQuality.Needs),
                ["coldStartTraining"] = new(trainingQuality.NdcgAt10, trainingQuality.PrecisionAt1, trainingQuality.RecallAt10, trainingQuality.Needs),
            },
        };

        var report = new StringBuilder()
            .AppendLine(string.Create(CultureInfo.InvariantCulture, $"held-out cold-start needs: nDCG@10 {heldOutQuality.NdcgAt10:0.000}  P@1 {heldOutQuality.PrecisionAt1:0.000}  n {heldOutQuality.Needs}"))
            .Append(string.Create(CultureInfo.InvariantCulture, $"training needs:            nDCG@10 {trainingQuality.NdcgAt10:0.000}  P@1 {trainingQuality.PrecisionAt1:0.000}  n {trainingQuality.Needs}"))
            .ToString();
        return (report, model.WithManifest(manifest));
    }

    public static RankingQuality Evaluate(RankerModel model, IReadOnlyList<TrainingGroup> groups)
    {
        var perGroup = groups.Select(g =>
        {
            var scores = model.Score(g.Features);
            var ranked = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
            var grades = g.Grades.Select((grade, i) => (i, grade)).Where(x => x.grade > 0).ToDictionary(x => x.i.ToString(CultureInfo.InvariantCulture), x => x.grade, StringComparer.Ordinal);
            return RankingMetrics.Evaluate(ranked, grades);
        }).ToArray();
        return RankingQuality.Mean(perGroup);
    }
}
