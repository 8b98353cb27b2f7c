using System.Text.Json;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Diagnostics;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DpgMatch.Core.Ranking;

/// <summary>A retrain request; without a seed, the trainer's default seed makes the same data give the same model.</summary>
public sealed record RetrainInput(int? Seed = null);

public sealed record ModelVersionView(
    string Id,
    string Status,
    string? Reason,
    bool Active,
    int Seed,
    string FeatureSchemaHash,
    string? Trainer,
    string? ComparedWith,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? TrainingSeconds,
    TrainingCounts? Counts,
    IReadOnlyList<EvaluationResult> Evaluations,
    IReadOnlyList<FeatureImportance> Importance,
    string? Report)
{
    public static ModelVersionView From(ModelVersion v, bool active) => new(
        v.Id, v.Status, v.Reason, active, v.Seed, v.FeatureSchemaHash, v.Trainer, v.ComparedWith, v.Attempts, v.CreatedAt, v.StartedAt,
        v.FinishedAt, v.TrainingSeconds, v.Counts, v.Evaluations, v.Importance, v.HasReport ? ModelVersionService.ReportPath(v.Id) : null);
}

public sealed record ModelVersionList(IReadOnlyList<ModelVersionView> Items);

/// <summary>
/// The model matchers serve when the learned ranker is on: the promoted version, or the bundled model when none was
/// ever promoted. <c>Ranker</c> says whether the learned ranker is on at all.
/// </summary>
public sealed record ModelView(
    string Ranker,
    string Source,
    string Version,
    DateTimeOffset? PromotedAt,
    ModelManifest Manifest,
    IReadOnlyList<EvaluationResult> Evaluations,
    string? Report);

/// <summary>The analysts' model routes: ask for a retrain, follow versions, read the active model and the reports.</summary>
public sealed class ModelVersionService(
    IModelRegistry registry,
    IModelFileStore files,
    BundledRankerModelSource bundled,
    IQueueSender queue,
    IOptions<RankingOptions> options,
    TimeProvider time,
    ILogger<ModelVersionService> logger)
{
    public const int MaxListed = 100;

    public static string VersionPath(string id) => $"/api/model/versions/{id}";

    public static string ReportPath(string id) => $"/api/model/versions/{id}/report";

    public async Task<Result<ModelVersionView>> StartAsync(Principal caller, RetrainInput input, CancellationToken cancellationToken)
    {
        if (caller.Role != Role.Analyst)
        {
            return Result<ModelVersionView>.Forbidden("Only an analyst may retrain the ranking model.");
        }

        if (input.Seed is < 0)
        {
            var errors = new ValidationErrors();
            errors.Add("seed", "Must be a whole number from 0 to 2147483647.");
            return Result<ModelVersionView>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var version = new ModelVersion(
            ModelVersion.NewId(now), ModelStatus.Queued, caller.Id, input.Seed ?? new TrainingOptions().Seed, Features.SchemaHash, now);

        // The row first: a message whose row is missing is dropped, and a row whose message was lost stays queued, visibly.
        await registry.CreateAsync(version, cancellationToken);
        await queue.SendAsync(
            QueueNames.ModelTraining, JsonSerializer.Serialize(new ModelTrainingRequested(version.Id), DpgMatchJson.Default.ModelTrainingRequested), cancellationToken);
        Log.ModelRetrainQueued(logger, version.Id, version.Seed);
        return Result<ModelVersionView>.Created(ModelVersionView.From(version, active: false));
    }

    public async Task<Result<ModelVersionList>> ListAsync(Principal caller, CancellationToken cancellationToken)
    {
        if (caller.Role != Role.Analyst)
        {
            return Result<ModelVersionList>.Forbidden("Only analysts read model versions.");
        }

        var active = await registry.GetActiveAsync(cancellationToken);
        var versions = await registry.ListAsync(MaxListed, cancellationToken);
        return Result<ModelVersionList>.Ok(new ModelVersionList(versions.Select(v => ModelVersionView.From(v, v.Id == active?.VersionId)).ToArray()));
    }

    public async Task<Result<ModelVersionView>> GetAsync(Principal caller, string id, CancellationToken cancellationToken)
    {
        if (caller.Role != Role.Analyst)
        {
            return Result<ModelVersionView>.Forbidden("Only analysts read model versions.");
        }

        if (!ModelVersion.IsId(id) || await registry.GetAsync(id, cancellationToken) is not { } stored)
        {
            return Result<ModelVersionView>.NotFound();
        }

        var active = await registry.GetActiveAsync(cancellationToken);
        return Result<ModelVersionView>.Ok(ModelVersionView.From(stored.Version, stored.Version.Id == active?.VersionId));
    }

    public async Task<Result<string>> GetReportAsync(Principal caller, string id, CancellationToken cancellationToken)
    {
        if (caller.Role != Role.Analyst)
        {
            return Result<string>.Forbidden("Only analysts read retrain reports.");
        }

        return ModelVersion.IsId(id) && await files.ReadReportAsync(id, cancellationToken) is { } report
            ? Result<string>.Ok(report)
            : Result<string>.NotFound();
    }

    /// <summary>
    /// Analysts and admins: analysts judge models, and admins run the deployment and need to know what it serves.
    /// Officers and maintainers see each match's reasons instead; the model's figures are about everyone's feedback.
    /// </summary>
    public async Task<Result<ModelView>> GetActiveAsync(Principal caller, CancellationToken cancellationToken)
    {
        if (caller.Role is not (Role.Analyst or Role.Admin))
        {
            return Result<ModelView>.Forbidden("Only analysts and admins read the active model.");
        }

        var ranker = options.Value.Ranker;
        if (await registry.GetActiveAsync(cancellationToken) is { } active
            && await files.ReadManifestAsync(active.VersionId, cancellationToken) is { } manifest)
        {
            var version = await registry.GetAsync(active.VersionId, cancellationToken);
            return Result<ModelView>.Ok(new ModelView(
                ranker,
                "promoted",
                active.VersionId,
                active.PromotedAt,
                manifest,
                version?.Version.Evaluations ?? [],
                version?.Version.HasReport == true ? ReportPath(active.VersionId) : null));
        }

        return bundled.ReadManifest() is { } shipped
            ? Result<ModelView>.Ok(new ModelView(ranker, "bundled", shipped.Version, null, shipped, [], null))
            : Result<ModelView>.NotFound();
    }
}
