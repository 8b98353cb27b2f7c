using System.Globalization;
using System.Text;

namespace DpgMatch.Core.Ranking;

/// <summary>
/// The analysts' report of one retrain, in Markdown. Charts are Unicode bars inside code blocks, so they read the
/// same in a terminal, in a Markdown viewer and in the raw file, with nothing to load.
/// </summary>
public static class RetrainReport
{
    public const string FileName = "report.md";
    private const int BarWidth = 40;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <param name="version">The version reported on, with its final status.</param>
    /// <param name="history">Versions to chart, in any order; the one reported on is added if missing.</param>
    public static string Render(ModelVersion version, IReadOnlyList<ModelVersion> history, double margin)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant, $"# Ranking model {version.Id}: {version.Status}").AppendLine();
        if (version.Reason is { } reason)
        {
            md.AppendLine(reason).AppendLine();
        }

        md.AppendLine("| | |").AppendLine("|---|---|");
        md.AppendLine(Invariant, $"| requested | {version.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC |");
        if (version.StartedAt is { } started)
        {
            md.AppendLine(Invariant, $"| trained | from {started:yyyy-MM-dd HH:mm:ss} UTC{(version.TrainingSeconds is { } s ? string.Create(Invariant, $", {s:0.0} s") : "")}, attempt {version.Attempts} |");
        }

        md.AppendLine(Invariant, $"| trainer | {version.Trainer ?? "-"}, seed {version.Seed} |");
        md.AppendLine(Invariant, $"| feature schema | `{version.FeatureSchemaHash}` ({Features.Count} features) |");
        md.AppendLine(Invariant, $"| compared with | {(version.ComparedWith is { } compared ? $"`{compared}`, the active model when the candidate was judged" : "no model: none was active")} |");
        md.AppendLine(Invariant, $"| promotion margin | {margin:0.000} nDCG@10 on each evaluation set |").AppendLine();

        if (version.Counts is { } c)
        {
            md.AppendLine("## Data").AppendLine();
            md.AppendLine(Invariant, $"- Cold start: {c.ColdStartGroups} synthetic needs from the catalogue; {c.BenchmarkGroups} of them form the benchmark and are not trained on.");
            md.AppendLine(Invariant, $"- Feedback: {c.FeedbackRows} rows, of which {c.FeedbackRowsWithoutFeatures} carry no feature vector (the baseline scored them) and {c.FeedbackRowsOtherSchema} come from another feature schema; both kinds are left out.");
            md.AppendLine(Invariant, $"  The rest make {c.FeedbackGroups} needs, of which {c.FeedbackHeldOutGroups} are held out to measure on.");
            md.AppendLine(Invariant, $"- Trained on {c.TrainingGroups} needs, {c.TrainingRows} candidate rows.").AppendLine();
        }

        if (version.Evaluations.Count > 0)
        {
            md.AppendLine("## Evaluation").AppendLine();
            md.AppendLine("| set | needs | candidate nDCG@10 | active nDCG@10 | difference | candidate P@1 | gate |").AppendLine("|---|---|---|---|---|---|---|");
            foreach (var e in version.Evaluations)
            {
                var active = e.Active is { } a ? a.NdcgAt10.ToString("0.000", Invariant) : "-";
                var difference = e.Active is { } b ? (e.Candidate.NdcgAt10 - b.NdcgAt10).ToString("+0.000;-0.000;0.000", Invariant) : "-";
                md.AppendLine(Invariant, $"| {e.Set} | {e.Groups} | {e.Candidate.NdcgAt10:0.000} | {active} | {difference} | {e.Candidate.PrecisionAt1:0.000} | {(e.Passed ? "pass" : "fail")} |");
            }

            md.AppendLine();
        }

        md.AppendLine("## nDCG@10 per version").AppendLine();
        md.AppendLine("Each version's own nDCG@10 as a candidate, on the benchmark (b) and on held-out feedback (f), oldest first.");
        md.AppendLine("The benchmark is rebuilt from the catalogue at each retrain, so a changed catalogue moves it too.").AppendLine();
        md.AppendLine("```text");
        var versions = history.Where(v => v.Id != version.Id).Append(version).OrderBy(v => v.CreatedAt).ThenBy(v => v.Id, StringComparer.Ordinal).ToArray();
        foreach (var v in versions)
        {
            foreach (var (set, letter) in new[] { (EvaluationSets.Benchmark, "b"), (EvaluationSets.FeedbackHeldOut, "f") })
            {
                var e = v.Evaluations.FirstOrDefault(x => x.Set == set);
                if (e is null && (set == EvaluationSets.FeedbackHeldOut || v.Evaluations.Count > 0))
                {
                    continue;
                }

                var value = e?.Candidate.NdcgAt10;
                md.AppendLine(Invariant, $"{v.Id} {letter} {Bar(value ?? 0, 1),-BarWidth} {(value is { } x ? x.ToString("0.000", Invariant) : "  -  ")} {v.Status}{(v.Id == version.Id ? "  <- this one" : "")}");
            }
        }

        md.AppendLine("```").AppendLine();

        md.AppendLine("## Feature importance").AppendLine();
        if (version.Importance.Count == 0)
        {
            md.AppendLine("Not measured: the candidate was not trained, or there was nothing held out to measure on.");
        }
        else
        {
            md.AppendLine("Permutation importance on the held-out needs of both sets: one feature's values are shuffled among each need's");
            md.AppendLine("candidates, the candidate model scores them again, and the bar is the fall in mean nDCG@10. A feature near zero");
            md.AppendLine("adds little that the others do not already say; a negative one did better shuffled, which is noise.").AppendLine();
            md.AppendLine("```text");
            var top = Math.Max(version.Importance.Max(i => i.NdcgDrop), 1e-6);
            var width = Features.All.Max(f => f.Name.Length);
            foreach (var i in version.Importance)
            {
                md.AppendLine(Invariant, $"{i.Feature.PadRight(width)} {Bar(Math.Max(0, i.NdcgDrop), top),-BarWidth} {i.NdcgDrop:+0.000;-0.000;0.000}");
            }

            md.AppendLine("```").AppendLine();
            md.AppendLine("The features are defined in docs/features.md.");
        }

        md.AppendLine().AppendLine("## The evaluation sets").AppendLine();
        md.AppendLine(Invariant, $"- **{EvaluationSets.Benchmark}**: the needs ({TrainingSet.Description}) whose source DPG's slug hashes into the held-out {RetrainingData.HeldOutPercent}%. Built from the catalogue as it is at the retrain and the bundled written needs; the development benchmark is never read.");
        md.AppendLine(Invariant, $"- **{EvaluationSets.FeedbackHeldOut}**: needs with feedback whose need id hashes into the held-out {RetrainingData.HeldOutPercent}%, graded by the officers' and maintainers' verdicts (dismissed 0 to adopted 3), scored on the feature vectors the matcher saw.");
        md.AppendLine("- Only needs whose candidates do not all share one grade are measured: the others rank every model the same.");
        return md.ToString();
    }

    /// <summary>A horizontal bar of <paramref name="value"/> out of <paramref name="full"/>, in eighths of a character.</summary>
    public static string Bar(double value, double full)
    {
        const string eighths = "▏▎▍▌▋▊▉";
        var units = (int)Math.Round(Math.Clamp(value / full, 0, 1) * BarWidth * 8);
        var bar = new string('█', units / 8);
        return units % 8 == 0 ? bar : bar + eighths[(units % 8) - 1];
    }
}
