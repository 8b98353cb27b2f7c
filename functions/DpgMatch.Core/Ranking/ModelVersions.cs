using System.Globalization;
using System.Security.Cryptography;

namespace DpgMatch.Core.Ranking;

public static class ModelStatus
{
    public const string Queued = "queued";
    public const string Training = "training";
    public const string Promoted = "promoted";
    public const string Rejected = "rejected";
    public const string Failed = "failed";

    public static bool IsFinished(string status) => status is Promoted or Rejected or Failed;
}

/// <summary>The sets a candidate is measured on against the active model; neither is ever trained on.</summary>
public static class EvaluationSets
{
    /// <summary>Feedback groups (one per need) whose need id hashes into the held-out share.</summary>
    public const string FeedbackHeldOut = "feedbackHeldOut";

    /// <summary>Cold-start needs whose source DPG's slug hashes into the held-out share, built from the current catalogue.</summary>
    public const string Benchmark = "benchmark";
}

/// <summary>What a retrain read, and what it left out.</summary>
public sealed record TrainingCounts(
    int ColdStartGroups,
    int BenchmarkGroups,
    int FeedbackRows,
    int FeedbackRowsWithoutFeatures,
    int FeedbackRowsOtherSchema,
    int FeedbackGroups,
    int FeedbackHeldOutGroups,
    int TrainingGroups,
    int TrainingRows);

/// <summary>nDCG@10 and the other metrics of the candidate and of the active model on one evaluation set.</summary>
public sealed record EvaluationResult(string Set, int Groups, ModelMetrics Candidate, ModelMetrics? Active, bool Passed);

/// <summary>The mean fall in nDCG@10 on the held-out sets when one feature's values are shuffled among a need's candidates.</summary>
public sealed record FeatureImportance(string Feature, double NdcgDrop);

/// <summary>One trained (or to be trained) model: a row of the Models table.</summary>
public sealed record ModelVersion(string Id, string Status, string RequestedBy, int Seed, string FeatureSchemaHash, DateTimeOffset CreatedAt)
{
    public string? Reason { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How many deliveries claimed the job; more than one means an earlier one died or failed.</summary>
    public int Attempts { get; init; }

    /// <summary>The id of the delivery that claimed the job: it tells our own write from another's after a lost answer.</summary>
    public string? ClaimId { get; init; }

    public string? Trainer { get; init; }

    /// <summary>The version that was active when the candidate was judged; null when none was.</summary>
    public string? ComparedWith { get; init; }

    /// <summary>The gate's verdict, written before the active pointer moves so a delivery that dies in between can finish the job.</summary>
    public bool? Promote { get; init; }

    public double? TrainingSeconds { get; init; }

    public TrainingCounts? Counts { get; init; }

    public IReadOnlyList<EvaluationResult> Evaluations { get; init; } = [];

    public IReadOnlyList<FeatureImportance> Importance { get; init; } = [];

    public bool HasReport { get; init; }

    /// <summary>Time-ordered and unguessable enough: <c>yyyyMMddHHmmss-</c> and six hex digits.</summary>
    public static string NewId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    public static bool IsId(string? id) =>
        id is { Length: 21 } && id[14] == '-' && id[..14].All(char.IsAsciiDigit) && id[15..].All(char.IsAsciiHexDigitLower);
}

public sealed record StoredModelVersion(ModelVersion Version, string ETag);

/// <summary>The pointer to the version that matchers serve.</summary>
public sealed record ActiveModel(string VersionId, DateTimeOffset PromotedAt, string ETag);

/// <summary>Model versions and the active pointer (the Models table).</summary>
public interface IModelRegistry
{
    Task CreateAsync(ModelVersion version, CancellationToken cancellationToken);

    Task<StoredModelVersion?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the row if it still has <paramref name="etag"/>; returns the new ETag, or null when it changed since.</summary>
    Task<string?> TryReplaceAsync(ModelVersion version, string etag, CancellationToken cancellationToken);

    /// <summary>The newest versions first.</summary>
    Task<IReadOnlyList<ModelVersion>> ListAsync(int max, CancellationToken cancellationToken);

    Task<ActiveModel?> GetActiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Points the active model at <paramref name="versionId"/> if the pointer still has <paramref name="expectedETag"/>
    /// (null: there is no pointer yet). False when another promotion moved it first.
    /// </summary>
    Task<bool> TrySetActiveAsync(string versionId, string? expectedETag, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>Each version's files: <c>ranker.zip</c>, <c>ranker.manifest.json</c> and the analysts' report.</summary>
public interface IModelFileStore
{
    Task SaveModelAsync(string versionId, RankerModel model, CancellationToken cancellationToken);

    /// <summary>The version's model, or null when it has no files. A model of another feature schema throws <see cref="InvalidDataException"/>.</summary>
    Task<RankerModel?> LoadModelAsync(string versionId, CancellationToken cancellationToken);

    Task<ModelManifest?> ReadManifestAsync(string versionId, CancellationToken cancellationToken);

    Task SaveReportAsync(string versionId, string markdown, CancellationToken cancellationToken);

    Task<string?> ReadReportAsync(string versionId, CancellationToken cancellationToken);
}
