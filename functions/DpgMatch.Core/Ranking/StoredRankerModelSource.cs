using DpgMatch.Core.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DpgMatch.Core.Ranking;

/// <summary>
/// Serves the promoted model from storage, and the bundled model until one is promoted. At most every
/// <c>Ranking:ModelCheckSeconds</c> it reads the active pointer (one point read) and loads a model only when the
/// pointer names another version, so every instance serves a newly promoted model within that interval, without a
/// restart. A model that will not load (missing files, another feature schema) is logged and the one in force is kept.
/// </summary>
public sealed class StoredRankerModelSource(
    IModelRegistry registry,
    IModelFileStore files,
    BundledRankerModelSource bundled,
    IOptions<RankingOptions> options,
    TimeProvider time,
    ILogger<StoredRankerModelSource> logger) : IRankerModelSource, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    // Replaced whole, never mutated, so readers on other threads see one consistent snapshot without the lock.
    private volatile Snapshot? current;

    public RankerModel Current => current?.Model ?? bundled.Current;

    /// <summary>The promoted version in force; null while the bundled model is.</summary>
    public string? VersionId => current?.VersionId;

    public async ValueTask<RankerModel> RefreshAsync(CancellationToken cancellationToken)
    {
        if (current is { } recent && !IsDue(recent))
        {
            return recent.Model;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is { } checkedMeanwhile && !IsDue(checkedMeanwhile))
            {
                return checkedMeanwhile.Model;
            }

            var active = await registry.GetActiveAsync(cancellationToken);
            var now = time.GetUtcNow();
            if (current is { } known && known.VersionId == active?.VersionId)
            {
                current = known with { CheckedAt = now };
                return known.Model;
            }

            var promoted = active is null ? null : await LoadAsync(active.VersionId, cancellationToken);
            current = promoted is not null
                ? new Snapshot(promoted, active!.VersionId, now)
                : current is { } kept ? kept with { CheckedAt = now } : new Snapshot(bundled.Current, null, now);
            return current.Model;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<RankerModel?> LoadAsync(string versionId, CancellationToken cancellationToken)
    {
        try
        {
            var model = await files.LoadModelAsync(versionId, cancellationToken);
            if (model is null)
            {
                Log.ActiveModelUnusable(logger, null, versionId);
                return null;
            }

            Log.RankingModelLoaded(logger, versionId);
            return model;
        }
        catch (InvalidDataException ex)
        {
            Log.ActiveModelUnusable(logger, ex, versionId);
            return null;
        }
    }

    private bool IsDue(Snapshot snapshot) => time.GetUtcNow() - snapshot.CheckedAt >= TimeSpan.FromSeconds(options.Value.ModelCheckSeconds);

    private sealed record Snapshot(RankerModel Model, string? VersionId, DateTimeOffset CheckedAt);
}
