using DpgMatch.Core.Feedback;
using DpgMatch.Core.Ranking;

namespace DpgMatch.Tests.Unit;

public sealed class RetrainingGateTests
{
    private static readonly TrainingOptions Fast = new(Seed: 3, Trees: 40, MinimumExamplesPerLeaf: 2);

    [Fact]
    public void A_candidate_trained_on_shuffled_labels_is_rejected_and_the_real_one_promoted()
    {
        var training = Groups(seed: 1, "t");
        var random = new Random(5);
        var shuffled = training.Select(g => g with { Grades = [.. g.Grades.OrderBy(_ => random.Next())] }).ToArray();
        var good = RankerTrainer.Train(training, Fast, "good", "synthetic");
        var noise = RankerTrainer.Train(shuffled, Fast, "noise", "synthetic");
        IReadOnlyList<(string, IReadOnlyList<TrainingGroup>)> sets = [(EvaluationSets.Benchmark, Groups(seed: 2, "b"))];

        var refused = ModelEvaluation.Judge(noise, good, sets, margin: 0.01);
        var accepted = ModelEvaluation.Judge(good, noise, sets, margin: 0.01);

        Assert.False(refused.Promote);
        Assert.False(Assert.Single(refused.Evaluations).Passed);
        Assert.StartsWith("On benchmark, nDCG@10 is", refused.Reason, StringComparison.Ordinal);
        Assert.True(accepted.Promote);
        Assert.True(accepted.Evaluations[0].Candidate.NdcgAt10 > accepted.Evaluations[0].Active!.NdcgAt10 + 0.2);
    }

    [Fact]
    public void Every_evaluation_set_with_needs_must_pass_and_sets_without_needs_are_skipped()
    {
        var good = RankerTrainer.Train(Groups(seed: 1, "t"), Fast, "good", "synthetic");
        TrainingGroup[] Inverted(int seed) => [.. Groups(seed, "f").Select(g => g with { Grades = [.. g.Grades.Select(x => 3 - x)] })];
        var onInverted = RankerTrainer.Train(Inverted(4), Fast, "inverted", "synthetic");
        IReadOnlyList<(string, IReadOnlyList<TrainingGroup>)> sets =
            [(EvaluationSets.Benchmark, Groups(seed: 2, "b")), (EvaluationSets.FeedbackHeldOut, Inverted(6)), ("empty", [])];

        var decision = ModelEvaluation.Judge(onInverted, good, sets, margin: 0.01);

        // Better on the feedback it agrees with, worse on the benchmark: not promoted.
        Assert.False(decision.Promote);
        Assert.Equal([EvaluationSets.Benchmark, EvaluationSets.FeedbackHeldOut], decision.Evaluations.Select(e => e.Set));
        Assert.Equal([false, true], decision.Evaluations.Select(e => e.Passed));
    }

    [Fact]
    public void A_candidate_as_good_as_the_active_model_passes_even_without_a_margin()
    {
        var model = RankerTrainer.Train(Groups(seed: 1, "t"), Fast, "same", "synthetic");
        var decision = ModelEvaluation.Judge(model, model, [(EvaluationSets.Benchmark, Groups(seed: 2, "b"))], margin: 0);
        Assert.True(decision.Promote);
    }

    [Fact]
    public void With_no_active_model_a_candidate_is_promoted_if_it_can_be_measured_at_all()
    {
        var model = RankerTrainer.Train(Groups(seed: 1, "t"), Fast, "first", "synthetic");

        var unmeasured = ModelEvaluation.Judge(model, null, [(EvaluationSets.Benchmark, [])], margin: 0.01);
        var measured = ModelEvaluation.Judge(model, null, [(EvaluationSets.Benchmark, Groups(seed: 2, "b"))], margin: 0.01);

        Assert.False(unmeasured.Promote);
        Assert.Empty(unmeasured.Evaluations);
        Assert.True(measured.Promote);
        Assert.Null(measured.Evaluations[0].Active);
    }

    [Fact]
    public void Batch_scoring_gives_the_same_scores_as_one_need_at_a_time()
    {
        var model = RankerTrainer.Train(Groups(seed: 1, "t"), Fast, "m", "synthetic");
        var groups = Groups(seed: 2, "b");
        var batched = ModelEvaluation.Score(model, groups);
        Assert.All(groups.Select((g, i) => (g, i)), x => Assert.Equal(model.Score(x.g.Features), batched[x.i]));
    }

    [Fact]
    public void Permutation_importance_finds_the_feature_that_carries_the_signal()
    {
        var model = RankerTrainer.Train(Groups(seed: 1, "t"), Fast, "m", "synthetic");
        var importance = ModelEvaluation.PermutationImportance(model, Groups(seed: 2, "b"), seed: 7);
        Assert.Equal(Features.Count, importance.Count);
        Assert.Equal("similarity", importance[0].Feature);
        Assert.True(importance[0].NdcgDrop > 0.2, $"{importance[0].NdcgDrop}");
        Assert.Equal(importance, ModelEvaluation.PermutationImportance(model, Groups(seed: 2, "b"), seed: 7));
    }

    [Fact]
    public void Feedback_becomes_one_group_per_need_where_the_officers_verdict_wins()
    {
        var at = DateTimeOffset.UnixEpoch;
        float[] F(float x) => [.. Enumerable.Repeat(x, Features.Count)];
        FeedbackRecord Row(string need, string listing, string actor, int grade, float[]? features, string? schema = null) =>
            new(need, listing, actor, "p", "x", grade, null, "s", features, at) { FeatureSchema = schema ?? Features.SchemaHash };

        var (groups, withoutFeatures, otherSchema) = RetrainingData.FeedbackGroups(
        [
            Row("n1", "a", "maintainer", 3, F(0.1f)),
            Row("n1", "a", "officer", 0, F(0.1f)),
            Row("n1", "b", "maintainer", 2, F(0.2f)),
            Row("n1", "c", "officer", 1, null),
            Row("n2", "a", "officer", 3, F(0.3f), schema: "another"),
            Row("n2", "b", "officer", 3, [.. F(0.3f).Skip(1)], schema: null),
        ]);

        var group = Assert.Single(groups);
        Assert.Equal("feedback:n1", group.Key);
        Assert.Equal([0, 2], group.Grades);
        Assert.Equal((1, 2), (withoutFeatures, otherSchema));
    }

    [Fact]
    public void Both_needs_written_from_one_DPG_fall_on_the_same_side_and_a_fifth_are_held_out()
    {
        var keys = Enumerable.Range(0, 2000).Select(i => $"dpg-{i}").ToArray();
        var heldOut = keys.Count(RetrainingData.IsHeldOut);
        var coldStart = keys.Take(200).SelectMany(k => new[] { k + "#1", k + "#2" })
            .Select(k => new TrainingGroup(k, [[.. Enumerable.Repeat(0f, Features.Count)], [.. Enumerable.Repeat(1f, Features.Count)]], [3, 0]))
            .ToArray();

        var set = RetrainingData.Assemble(coldStart, []);

        Assert.InRange(heldOut, 340, 460);
        Assert.All(set.Benchmark.GroupBy(g => RetrainingData.ColdStartSource(g.Key)), g => Assert.Equal(2, g.Count()));
        Assert.Empty(set.Training.Select(g => RetrainingData.ColdStartSource(g.Key)).Intersect(set.Benchmark.Select(g => RetrainingData.ColdStartSource(g.Key))));
        Assert.Equal(400, set.Benchmark.Count + set.Training.Count);
    }

    [Fact]
    public void Report_bars_are_drawn_in_eighths_of_a_character()
    {
        Assert.Equal(new string('█', 20), RetrainReport.Bar(0.5, 1));
        Assert.Equal("█▌", RetrainReport.Bar(1.5 / 40, 1));
        Assert.Equal("", RetrainReport.Bar(-0.2, 1));
        Assert.Equal(new string('█', 40), RetrainReport.Bar(3, 1));
    }

    /// <summary>Needs of 15 candidates where feature 3 (similarity) reveals the grades and the rest is noise.</summary>
    private static TrainingGroup[] Groups(int seed, string prefix)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 40).Select(g =>
        {
            var grades = Enumerable.Range(0, 15).Select(c => c == 0 ? 3 : c < 3 ? 1 : 0).ToArray();
            var features = grades.Select(grade =>
            {
                var f = Enumerable.Range(0, Features.Count).Select(_ => (float)random.NextDouble()).ToArray();
                f[3] = (grade / 3f) + ((float)random.NextDouble() * 0.2f);
                return f;
            }).ToArray();
            return new TrainingGroup($"{prefix}{g}", features, grades);
        })];
    }
}
