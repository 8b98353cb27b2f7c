using System.Globalization;
using System.Text;

namespace DpgMatch.Core.Ranking;

/// <summary>Trains a model, measuring it first on needs held out of training, then on all needs.</summary>
public static class ModelTraining
{
    public const string WrittenHeldOut = "writtenHeldOut";
    public const string SyntheticHeldOut = "syntheticHeldOut";
    public const string Training = "training";

    /// <summary>
    /// Holds out the needs of the DPGs whose slug hashes into <see cref="RetrainingData.HeldOutPercent"/>, the split the
    /// retrain job's benchmark uses: every need written from one DPG falls on the same side, so a DPG's own wording
    /// never teaches the trees how to find it in the held-out needs. The served needs still hold the held-out DPGs'
    /// other needs, as they hold every catalogue DPG's in use.
    /// </summary>
    public static (string Report, RankerModel Model) TrainWithHoldOut(
        IReadOnlyList<TrainingGroup> groups, ServedNeeds served, TrainingOptions options, string version, string dataDescription)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var split = groups.ToLookup(g => RetrainingData.IsHeldOut(RetrainingData.ColdStartSource(g.Key)));
        var heldOut = split[true].ToArray();
        var training = split[false].ToArray();

        var probe = RankerTrainer.Train(training, options, version + "-probe", dataDescription);
        var measured = new Dictionary<string, ModelMetrics>(StringComparer.Ordinal);
        var report = new StringBuilder();
        foreach (var (name, set) in new[] { (WrittenHeldOut, heldOut.Where(WrittenNeeds.IsWritten)), (SyntheticHeldOut, heldOut.Where(g => !WrittenNeeds.IsWritten(g))) })
        {
            var evaluable = set.Where(RetrainingData.Evaluable).ToArray();
            if (evaluable.Length > 0)
            {
                var quality = Evaluate(probe, evaluable);
                measured[name] = new(quality.NdcgAt10, quality.PrecisionAt1, quality.RecallAt10, quality.Needs);
                report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{name,-17} nDCG@10 {quality.NdcgAt10:0.000}  P@1 {quality.PrecisionAt1:0.000}  n {quality.Needs}"));
            }
        }

        var model = RankerTrainer.Train(groups, options, version, dataDescription, served);
        var trainingQuality = Evaluate(model, groups);
        measured[Training] = new(trainingQuality.NdcgAt10, trainingQuality.PrecisionAt1, trainingQuality.RecallAt10, trainingQuality.Needs);
        report.Append(string.Create(CultureInfo.InvariantCulture, $"{Training,-17} nDCG@10 {trainingQuality.NdcgAt10:0.000}  P@1 {trainingQuality.PrecisionAt1:0.000}  n {trainingQuality.Needs}"));
        return (report.ToString(), model.WithManifest(model.Manifest with { Metrics = measured }));
    }

    public static RankingQuality Evaluate(RankerModel model, IReadOnlyList<TrainingGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(model);
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
