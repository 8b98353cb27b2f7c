using System.Globalization;
using System.Text.Json;
using DpgMatch.Core.Diagnostics;
using DpgMatch.Core.Feedback;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DpgMatch.Core.Ranking;

public enum RetrainOutcome
{
    Promoted,
    Rejected,
    Failed,
    AlreadyFinished,
    Deferred,
    ClaimedElsewhere,
    Missing,
}

/// <summary>
/// Handles one <c>model-training</c> message: trains a candidate on the cold-start set and the feedback, judges it
/// against the active model on needs neither was trained on, and promotes it only if it is not worse.
/// <para>
/// Every step is guarded by the version row's ETag. A delivery first claims the row (queued to training, with a claim
/// id of its own); a delivery that finds the job finished does nothing, and one that finds a fresh claim of another
/// looks again after the claim's lease. The verdict is written to the row before the active pointer moves, and a
/// delivery that finds the pointer already on its version finishes the job from the row without training, so a
/// redelivered message neither trains twice nor promotes twice.
/// </para>
/// </summary>
public sealed class RetrainingService(
    IModelRegistry registry,
    IModelFileStore files,
    IFeedbackStore feedback,
    CatalogIndexProvider catalog,
    ITextEmbedder embedder,
    IQueueSender queue,
    IOptions<RankingOptions> options,
    TimeProvider time,
    ILogger<RetrainingService> logger)
{
    /// <summary>The hosts' <c>maxDequeueCount</c> (host.json): the attempt after which the message is poisoned.</summary>
    public const int MaxAttempts = 5;

    /// <summary>
    /// The queue hosts keep a running message invisible (ten minutes, renewed), so a claim younger than this is held by a
    /// live delivery; an older one was left by a process that died.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);

    /// <summary>How many earlier versions the report charts.</summary>
    public const int ReportHistory = 30;

    public async Task<RetrainOutcome> RunAsync(ModelTrainingRequested message, CancellationToken cancellationToken)
    {
        var stored = await registry.GetAsync(message.VersionId, cancellationToken);
        if (stored is null)
        {
            Log.ModelVersionMissing(logger, message.VersionId);
            return RetrainOutcome.Missing;
        }

        var version = stored.Version;
        if (ModelStatus.IsFinished(version.Status))
        {
            Log.ModelTrainingAlreadyFinished(logger, version.Id, version.Status);
            return RetrainOutcome.AlreadyFinished;
        }

        var now = time.GetUtcNow();
        if (version.Status == ModelStatus.Training && version.StartedAt is { } started && now - started < ClaimLease)
        {
            var delay = ClaimLease - (now - started);
            await queue.SendAsync(QueueNames.ModelTraining, JsonSerializer.Serialize(message, DpgMatchJson.Default.ModelTrainingRequested), cancellationToken, delay);
            Log.ModelTrainingDeferred(logger, version.Id, delay.TotalSeconds);
            return RetrainOutcome.Deferred;
        }

        if (version.Attempts >= MaxAttempts)
        {
            return await FinishAsync(version with { Status = ModelStatus.Failed, Reason = $"Gave up after {version.Attempts} attempts." }, stored.ETag, cancellationToken);
        }

        var claim = version with
        {
            Status = ModelStatus.Training,
            ClaimId = Guid.NewGuid().ToString("n"),
            Attempts = version.Attempts + 1,
            StartedAt = now,
        };
        var etag = await WriteOwnAsync(claim, stored.ETag, cancellationToken);
        if (etag is null)
        {
            Log.ModelTrainingClaimedElsewhere(logger, version.Id);
            return RetrainOutcome.ClaimedElsewhere;
        }

        try
        {
            return await TrainAndJudgeAsync(claim, etag, cancellationToken);
        }
        catch (Exception ex)
        {
            Log.ModelTrainingAttemptFailed(logger, ex, claim.Id, claim.Attempts);
            await ReleaseAsync(claim, ex);
            throw;
        }
    }

    private async Task<RetrainOutcome> TrainAndJudgeAsync(ModelVersion claim, string etag, CancellationToken cancellationToken)
    {
        var active = await registry.GetActiveAsync(cancellationToken);
        if (active?.VersionId == claim.Id && claim.Promote == true)
        {
            // An earlier delivery moved the pointer and died before writing the verdict: the promotion stands.
            return await FinishAsync(claim with { Status = ModelStatus.Promoted }, etag, cancellationToken);
        }

        var started = time.GetTimestamp();
        var index = await catalog.GetAsync(fresh: true, cancellationToken);
        var coldStart = TrainingSet.Build(index, embedder, options.Value.ResolvedTrainingNeedsPath, claim.Seed, cancellationToken);
        var rows = await feedback.ListAllAsync(cancellationToken);
        var data = RetrainingData.Assemble(coldStart.Groups, rows);
        if (data.Training.Count == 0)
        {
            return await FinishAsync(
                claim with { Status = ModelStatus.Failed, Reason = "There is nothing to train on: the catalogue gave no cold-start need, and there is no usable feedback.", Counts = data.Counts },
                etag,
                cancellationToken);
        }

        var trainingOptions = new TrainingOptions(Seed: claim.Seed, Trees: options.Value.TrainingTrees);
        var candidate = RankerTrainer.Train(data.Training, trainingOptions, claim.Id, DataDescription(data.Training), WithFeedback(coldStart.Served, rows, cancellationToken));
        IReadOnlyList<(string Set, IReadOnlyList<TrainingGroup> Groups)> sets =
            [(EvaluationSets.Benchmark, data.Benchmark), (EvaluationSets.FeedbackHeldOut, data.FeedbackHeldOut)];
        var importance = ModelEvaluation.PermutationImportance(candidate, [.. data.Benchmark, .. data.FeedbackHeldOut], claim.Seed);
        var trainingSeconds = time.GetElapsedTime(started).TotalSeconds;

        for (var round = 1; ; round++)
        {
            var (activeModel, note) = await LoadActiveAsync(active, cancellationToken);
            var decision = ModelEvaluation.Judge(candidate, activeModel, sets, options.Value.PromotionMargin);
            var model = candidate.WithManifest(candidate.Manifest with
            {
                Metrics = decision.Evaluations.ToDictionary(e => e.Set, e => e.Candidate, StringComparer.Ordinal),
            });
            await files.SaveModelAsync(claim.Id, model, cancellationToken);

            var judged = claim with
            {
                Trainer = model.Manifest.Trainer,
                ComparedWith = activeModel is null ? null : active!.VersionId,
                Promote = decision.Promote,
                Reason = note + decision.Reason,
                Counts = data.Counts,
                Evaluations = decision.Evaluations,
                Importance = importance,
                TrainingSeconds = Math.Round(trainingSeconds, 2),
            };
            var judgedETag = await WriteOwnAsync(judged, etag, cancellationToken);
            if (judgedETag is null)
            {
                Log.ModelTrainingClaimedElsewhere(logger, claim.Id);
                return RetrainOutcome.ClaimedElsewhere;
            }

            etag = judgedETag;
            if (!decision.Promote)
            {
                return await FinishAsync(judged with { Status = ModelStatus.Rejected }, etag, cancellationToken);
            }

            if (await SetActiveAsync(claim.Id, active?.ETag, cancellationToken))
            {
                return await FinishAsync(judged with { Status = ModelStatus.Promoted }, etag, cancellationToken);
            }

            // Another version was promoted while this one trained: the candidate must beat that one instead.
            active = await registry.GetActiveAsync(cancellationToken);
            Log.ActiveModelMoved(logger, claim.Id, active?.VersionId ?? "none");
            if (round >= 3)
            {
                throw new InvalidOperationException($"The active model moved {round} times while {claim.Id} was judged.");
            }
        }
    }

    private async Task<(RankerModel? Model, string Note)> LoadActiveAsync(ActiveModel? active, CancellationToken cancellationToken)
    {
        if (active is null)
        {
            return (null, "");
        }

        try
        {
            if (await files.LoadModelAsync(active.VersionId, cancellationToken) is { } model)
            {
                return (model, "");
            }

            Log.ActiveModelUnusable(logger, null, active.VersionId);
        }
        catch (InvalidDataException ex)
        {
            Log.ActiveModelUnusable(logger, ex, active.VersionId);
        }

        return (null, $"The active model {active.VersionId} cannot be loaded by this code (its files are missing or of another feature schema), so it is not compared. ");
    }

    /// <summary>Moves the active pointer; a refusal that turns out to be our own write whose answer was lost counts as done.</summary>
    private async Task<bool> SetActiveAsync(string versionId, string? expectedETag, CancellationToken cancellationToken) =>
        await registry.TrySetActiveAsync(versionId, expectedETag, time.GetUtcNow(), cancellationToken)
        || (await registry.GetActiveAsync(cancellationToken))?.VersionId == versionId;

    /// <summary>
    /// Writes a row this delivery has claimed. A refusal is read again: if the row carries our claim and what we
    /// wrote, the write was ours and only its answer was lost.
    /// </summary>
    private async Task<string?> WriteOwnAsync(ModelVersion version, string etag, CancellationToken cancellationToken)
    {
        if (await registry.TryReplaceAsync(version, etag, cancellationToken) is { } written)
        {
            return written;
        }

        var now = await registry.GetAsync(version.Id, cancellationToken);
        return now is not null && now.Version.ClaimId == version.ClaimId && now.Version.Status == version.Status && now.Version.Promote == version.Promote
            ? now.ETag
            : null;
    }

    private async Task<RetrainOutcome> FinishAsync(ModelVersion version, string etag, CancellationToken cancellationToken)
    {
        var finished = version with { FinishedAt = time.GetUtcNow(), HasReport = true };
        var history = await registry.ListAsync(ReportHistory, cancellationToken);
        await files.SaveReportAsync(finished.Id, RetrainReport.Render(finished, history, options.Value.PromotionMargin), cancellationToken);
        if (await WriteOwnAsync(finished, etag, cancellationToken) is null)
        {
            Log.ModelTrainingClaimedElsewhere(logger, version.Id);
            return RetrainOutcome.ClaimedElsewhere;
        }

        if (finished.Status == ModelStatus.Failed)
        {
            Log.ModelTrainingFailed(logger, finished.Id, finished.Reason ?? "");
            return RetrainOutcome.Failed;
        }

        var benchmark = finished.Evaluations.FirstOrDefault(e => e.Set == EvaluationSets.Benchmark)?.Candidate.NdcgAt10;
        Log.ModelJudged(logger, finished.Id, finished.Status, (finished.TrainingSeconds ?? 0) * 1000, benchmark, finished.ComparedWith ?? "none");
        return finished.Status == ModelStatus.Promoted ? RetrainOutcome.Promoted : RetrainOutcome.Rejected;
    }

    /// <summary>
    /// Gives the job back after a failure, so the retry claims it at once rather than waiting out the lease; after the
    /// last attempt the version is marked failed, as the message is about to be poisoned.
    /// </summary>
    private async Task ReleaseAsync(ModelVersion claim, Exception failure)
    {
        var reason = $"Attempt {claim.Attempts} failed: {failure.GetType().Name}: {failure.Message}";
        var row = await registry.GetAsync(claim.Id, CancellationToken.None);
        if (row is null || row.Version.ClaimId != claim.ClaimId || ModelStatus.IsFinished(row.Version.Status))
        {
            return;
        }

        var released = claim.Attempts >= MaxAttempts
            ? row.Version with { Status = ModelStatus.Failed, Reason = reason[..Math.Min(reason.Length, 1000)], FinishedAt = time.GetUtcNow() }
            : row.Version with { Status = ModelStatus.Queued, Reason = reason[..Math.Min(reason.Length, 1000)], StartedAt = null };
        await registry.TryReplaceAsync(released, row.ETag, CancellationToken.None);
    }

    /// <summary>The written needs, plus every need whose officer contacted or adopted a listing: listings learn from the needs they served.</summary>
    private ServedNeeds WithFeedback(ServedNeeds written, IReadOnlyList<FeedbackRecord> rows, CancellationToken cancellationToken)
    {
        var fromFeedback = RetrainingData.ServedFromFeedback(rows);
        if (fromFeedback.Count == 0)
        {
            return written;
        }

        var vectors = embedder.Embed([.. fromFeedback.Select(n => n.Text)], cancellationToken);
        return new ServedNeeds([.. written.Needs, .. fromFeedback.Select((n, i) => new ServedNeed(n.Id, n.Listings, vectors[i]))]);
    }

    private static string DataDescription(IReadOnlyList<TrainingGroup> training) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{TrainingSet.Description}; without the benchmark's DPGs; plus the feedback on {training.Count(g => g.Key.StartsWith(RetrainingData.FeedbackKeyPrefix, StringComparison.Ordinal))} needs not held out");
}
