using DpgMatch.Core.Messaging;
using DpgMatch.Core.Ranking;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.Integration;

/// <summary>The model-training job against real Table and Blob storage: the promotion gate, and redelivery.</summary>
public sealed class RetrainingTests
{
    [Fact]
    public async Task The_first_model_is_promoted_with_its_files_report_and_measurements()
    {
        await using var harness = await RetrainingHarness.CreateAsync();

        var (id, outcome) = await harness.RetrainAsync();

        Assert.Equal(RetrainOutcome.Promoted, outcome);
        var version = (await harness.Registry.GetAsync(id, CancellationToken.None))!.Version;
        Assert.Equal(ModelStatus.Promoted, version.Status);
        Assert.Null(version.ComparedWith);
        Assert.Equal(1, version.Attempts);
        Assert.Equal(Features.SchemaHash, version.FeatureSchemaHash);
        var benchmark = Assert.Single(version.Evaluations);
        Assert.Equal(EvaluationSets.Benchmark, benchmark.Set);
        Assert.True(benchmark.Groups >= 5, $"only {benchmark.Groups} benchmark needs");
        Assert.Null(benchmark.Active);
        Assert.Equal(Features.Count, version.Importance.Count);
        Assert.Equal(id, (await harness.Registry.GetActiveAsync(CancellationToken.None))!.VersionId);

        var model = await harness.Files.LoadModelAsync(id, CancellationToken.None);
        Assert.NotNull(model);
        Assert.Equal(id, model.Manifest.Version);
        Assert.Equal(benchmark.Candidate.NdcgAt10, model.Manifest.Metrics[EvaluationSets.Benchmark].NdcgAt10);
        var report = await harness.Files.ReadReportAsync(id, CancellationToken.None);
        Assert.NotNull(report);
        Assert.Contains($"# Ranking model {id}: promoted", report, StringComparison.Ordinal);
        Assert.Contains("## nDCG@10 per version", report, StringComparison.Ordinal);
        Assert.Contains("## Feature importance", report, StringComparison.Ordinal);
        Assert.Contains("similarity", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_that_contradicts_the_active_model_gives_a_candidate_that_is_rejected()
    {
        await using var harness = await RetrainingHarness.CreateAsync();
        var (first, _) = await harness.RetrainAsync();
        var pointer = await harness.Registry.GetActiveAsync(CancellationToken.None);

        await harness.AddContradictingFeedbackAsync();
        var (second, outcome) = await harness.RetrainAsync();

        Assert.Equal(RetrainOutcome.Rejected, outcome);
        var version = (await harness.Registry.GetAsync(second, CancellationToken.None))!.Version;
        Assert.Equal(ModelStatus.Rejected, version.Status);
        Assert.Equal(first, version.ComparedWith);
        var benchmark = version.Evaluations.Single(e => e.Set == EvaluationSets.Benchmark);
        Assert.False(benchmark.Passed);
        Assert.True(benchmark.Candidate.NdcgAt10 < benchmark.Active!.NdcgAt10 - harness.Ranking.PromotionMargin);
        Assert.Contains("On benchmark", version.Reason, StringComparison.Ordinal);
        Assert.True(version.Counts!.FeedbackGroups > 0);
        Assert.True(version.Counts.TrainingGroups > version.Counts.ColdStartGroups - version.Counts.BenchmarkGroups);

        // The pointer did not move: same version, same ETag.
        Assert.Equal(pointer, await harness.Registry.GetActiveAsync(CancellationToken.None));
        Assert.Contains($"# Ranking model {second}: rejected", await harness.Files.ReadReportAsync(second, CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_candidate_better_than_the_active_model_is_promoted_in_its_place()
    {
        await using var harness = await RetrainingHarness.CreateAsync();
        await harness.AddContradictingFeedbackAsync();
        var (poor, poorOutcome) = await harness.RetrainAsync();
        harness.Feedback.Clear();

        var (better, outcome) = await harness.RetrainAsync();

        Assert.Equal(RetrainOutcome.Promoted, poorOutcome);
        Assert.Equal(RetrainOutcome.Promoted, outcome);
        var version = (await harness.Registry.GetAsync(better, CancellationToken.None))!.Version;
        Assert.Equal(poor, version.ComparedWith);
        var benchmark = version.Evaluations.Single(e => e.Set == EvaluationSets.Benchmark);
        Assert.True(benchmark.Passed);
        Assert.True(benchmark.Candidate.NdcgAt10 > benchmark.Active!.NdcgAt10, $"{benchmark.Candidate.NdcgAt10} against {benchmark.Active.NdcgAt10}");
        Assert.Equal(better, (await harness.Registry.GetActiveAsync(CancellationToken.None))!.VersionId);

        var listed = (await harness.Versions.ListAsync(RetrainingHarness.Analyst, CancellationToken.None)).Value!.Items;
        Assert.Equal([better, poor], listed.Select(v => v.Id));
        Assert.Equal([true, false], listed.Select(v => v.Active));
    }

    [Fact]
    public async Task A_message_delivered_again_after_the_job_finished_neither_trains_nor_promotes_again()
    {
        await using var harness = await RetrainingHarness.CreateAsync();
        var (id, _) = await harness.RetrainAsync();
        var row = await harness.Registry.GetAsync(id, CancellationToken.None);
        var pointer = await harness.Registry.GetActiveAsync(CancellationToken.None);

        var again = await harness.Service.RunAsync(new ModelTrainingRequested(id), CancellationToken.None);

        Assert.Equal(RetrainOutcome.AlreadyFinished, again);
        Assert.Equal(row!.ETag, (await harness.Registry.GetAsync(id, CancellationToken.None))!.ETag);
        Assert.Equal(pointer, await harness.Registry.GetActiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Two_deliveries_at_once_train_the_version_once()
    {
        await using var harness = await RetrainingHarness.CreateAsync();
        var id = (await harness.Versions.StartAsync(RetrainingHarness.Analyst, new RetrainInput(), CancellationToken.None)).Value!.Id;
        var message = harness.Queue.Take(id);

        var outcomes = await Task.WhenAll(
            Task.Run(() => harness.Service.RunAsync(message, CancellationToken.None)),
            Task.Run(() => harness.Service.RunAsync(message, CancellationToken.None)));

        Assert.Single(outcomes, RetrainOutcome.Promoted);
        Assert.Single(outcomes, o => o is RetrainOutcome.Deferred or RetrainOutcome.ClaimedElsewhere or RetrainOutcome.AlreadyFinished);
        Assert.Equal(1, (await harness.Registry.GetAsync(id, CancellationToken.None))!.Version.Attempts);
    }

    [Fact]
    public async Task A_delivery_that_finds_a_fresh_claim_looks_again_once_the_claim_lapses()
    {
        await using var harness = await RetrainingHarness.CreateAsync();
        var id = (await harness.Versions.StartAsync(RetrainingHarness.Analyst, new RetrainInput(), CancellationToken.None)).Value!.Id;
        var row = (await harness.Registry.GetAsync(id, CancellationToken.None))!;
        var claimedAt = harness.Time.GetUtcNow();
        await harness.Registry.TryReplaceAsync(row.Version with { Status = ModelStatus.Training, ClaimId = "another", Attempts = 1, StartedAt = claimedAt }, row.ETag, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMinutes(4));

        var outcome = await harness.Service.RunAsync(new ModelTrainingRequested(id), CancellationToken.None);

        Assert.Equal(RetrainOutcome.Deferred, outcome);
        var (queue, _, delay) = harness.Queue.Sent.Last();
        Assert.Equal(QueueNames.ModelTraining, queue);
        Assert.Equal(RetrainingService.ClaimLease - TimeSpan.FromMinutes(4), delay);
        Assert.Equal("another", (await harness.Registry.GetAsync(id, CancellationToken.None))!.Version.ClaimId);

        // Once the lease has lapsed, the claim was left by a process that died: this delivery trains.
        harness.Time.Advance(RetrainingService.ClaimLease);
        Assert.Equal(RetrainOutcome.Promoted, await harness.Service.RunAsync(new ModelTrainingRequested(id), CancellationToken.None));
        Assert.Equal(2, (await harness.Registry.GetAsync(id, CancellationToken.None))!.Version.Attempts);
    }

    [Fact]
    public async Task A_delivery_that_died_after_moving_the_pointer_is_finished_without_training_again()
    {
        await using var harness = await RetrainingHarness.CreateAsync();
        var id = (await harness.Versions.StartAsync(RetrainingHarness.Analyst, new RetrainInput(), CancellationToken.None)).Value!.Id;
        var row = (await harness.Registry.GetAsync(id, CancellationToken.None))!;
        var judged = new EvaluationResult(EvaluationSets.Benchmark, 12, new ModelMetrics(0.8, 0.7, 0.9, 12), null, true);
        await harness.Registry.TryReplaceAsync(
            row.Version with { Status = ModelStatus.Training, ClaimId = "died", Attempts = 1, StartedAt = harness.Time.GetUtcNow(), Promote = true, Evaluations = [judged] },
            row.ETag,
            CancellationToken.None);
        Assert.True(await harness.Registry.TrySetActiveAsync(id, null, harness.Time.GetUtcNow(), CancellationToken.None));
        harness.Time.Advance(RetrainingService.ClaimLease + TimeSpan.FromMinutes(1));

        var outcome = await harness.Service.RunAsync(new ModelTrainingRequested(id), CancellationToken.None);

        Assert.Equal(RetrainOutcome.Promoted, outcome);
        var version = (await harness.Registry.GetAsync(id, CancellationToken.None))!.Version;
        Assert.Equal(ModelStatus.Promoted, version.Status);
        Assert.Equal([judged], version.Evaluations);

        // No model was trained by this delivery: the version has no files of its own.
        Assert.Null(await harness.Files.LoadModelAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task A_need_whose_officer_contacted_or_adopted_a_listing_becomes_one_it_serves_in_the_next_model()
    {
        await using var harness = await RetrainingHarness.CreateAsync();
        var now = harness.Time.GetUtcNow();
        var vector = Enumerable.Range(0, Features.Count).Select(i => i / 100f).ToArray();
        const string Adopted = "0123456789abcdef0123456789abcdef";
        const string Shortlisted = "fedcba9876543210fedcba9876543210";
        const string Text = "District health information system. Facilities report monthly figures to dashboards.";
        harness.Feedback.Add(new(Adopted, "dhis2", "officer", "o", "adopted", 3, null, "learned:m", vector, now) { FeatureSchema = Features.SchemaHash, NeedText = Text });
        harness.Feedback.Add(new(Adopted, "openimis", "officer", "o", "contacted", 2, null, "learned:m", vector, now) { FeatureSchema = Features.SchemaHash, NeedText = Text });
        harness.Feedback.Add(new(Adopted, "opencrvs", "maintainer", "m", "contacted", 2, null, "learned:m", vector, now) { FeatureSchema = Features.SchemaHash, NeedText = Text });
        harness.Feedback.Add(new(Shortlisted, "dhis2", "officer", "o", "shortlisted", 1, null, "learned:m", vector, now) { FeatureSchema = Features.SchemaHash, NeedText = Text });

        var (id, _) = await harness.RetrainAsync();

        var model = (await harness.Files.LoadModelAsync(id, CancellationToken.None))!;
        var served = Assert.Single(model.Served.Needs);
        Assert.Equal("feedback:" + Adopted, served.Id);
        Assert.Equal(["dhis2", "openimis"], served.Listings);
        Assert.True(model.Served.TryGetSimilarity("dhis2", harness.Embedder.Embed([Text])[0], null, out var similarity));
        Assert.Equal(1, similarity, 3);
    }

    [Fact]
    public async Task Feedback_of_another_feature_schema_or_without_features_is_left_out_and_counted()
    {
        await using var harness = await RetrainingHarness.CreateAsync();
        var now = harness.Time.GetUtcNow();
        var vector = Enumerable.Range(0, Features.Count).Select(i => i / 100f).ToArray();
        harness.Feedback.Add(new("0123456789abcdef0123456789abcdef", "dhis2", "officer", "o", "adopted", 3, null, "baseline-v1", null, now));
        harness.Feedback.Add(new("0123456789abcdef0123456789abcdef", "opencrvs", "officer", "o", "adopted", 3, null, "learned:old", vector, now) { FeatureSchema = "0000000000000000" });
        harness.Feedback.Add(new("0123456789abcdef0123456789abcdef", "openspp", "officer", "o", "adopted", 3, null, "learned:old", vector[..^1], now));
        harness.Feedback.Add(new("0123456789abcdef0123456789abcdef", "openimis", "officer", "o", "dismissed", 0, null, "learned:new", vector, now) { FeatureSchema = Features.SchemaHash });

        var (id, _) = await harness.RetrainAsync();

        var counts = (await harness.Registry.GetAsync(id, CancellationToken.None))!.Version.Counts!;
        Assert.Equal((4, 1, 2, 1), (counts.FeedbackRows, counts.FeedbackRowsWithoutFeatures, counts.FeedbackRowsOtherSchema, counts.FeedbackGroups));
    }
}
