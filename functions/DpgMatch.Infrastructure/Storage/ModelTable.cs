using Azure;
using Azure.Data.Tables;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Ranking;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>
/// The Models table: one row per version in the <c>version</c> partition, and the active pointer, a single row
/// whose ETag guards every promotion.
/// </summary>
public sealed class ModelTable(TableClient table) : IModelRegistry
{
    private const string VersionPartition = "version";
    private const string PointerPartition = "active";
    private const string PointerRow = "ranker";

    public async Task CreateAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(ToEntity(version), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Ids are random: a conflict is our own insert, retried after its answer was lost.
        }
    }

    public async Task<StoredModelVersion?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(VersionPartition, id, cancellationToken: cancellationToken);
        return row.HasValue ? new StoredModelVersion(FromEntity(row.Value!), row.Value!.ETag.ToString()) : null;
    }

    public async Task<string?> TryReplaceAsync(ModelVersion version, string etag, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(version), new ETag(etag), TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag?.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<ModelVersion>> ListAsync(int max, CancellationToken cancellationToken)
    {
        var versions = new List<ModelVersion>();
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == VersionPartition, cancellationToken: cancellationToken))
        {
            versions.Add(FromEntity(e));
        }

        return [.. versions.OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id, StringComparer.Ordinal).Take(max)];
    }

    public async Task<ActiveModel?> GetActiveAsync(CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(PointerPartition, PointerRow, cancellationToken: cancellationToken);
        return row.HasValue
            ? new ActiveModel(row.Value!.GetString("VersionId"), row.Value.GetDateTimeOffset("PromotedAt") ?? DateTimeOffset.MinValue, row.Value.ETag.ToString())
            : null;
    }

    public async Task<bool> TrySetActiveAsync(string versionId, string? expectedETag, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var pointer = new TableEntity(PointerPartition, PointerRow) { ["VersionId"] = versionId, ["PromotedAt"] = at };
        try
        {
            if (expectedETag is null)
            {
                await table.AddEntityAsync(pointer, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(pointer, new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(ModelVersion v)
    {
        var entity = new TableEntity(VersionPartition, v.Id)
        {
            ["Status"] = v.Status,
            ["RequestedBy"] = v.RequestedBy,
            ["Seed"] = v.Seed,
            ["FeatureSchemaHash"] = v.FeatureSchemaHash,
            ["CreatedAt"] = v.CreatedAt,
            ["Reason"] = v.Reason,
            ["StartedAt"] = v.StartedAt,
            ["FinishedAt"] = v.FinishedAt,
            ["Attempts"] = v.Attempts,
            ["ClaimId"] = v.ClaimId,
            ["Trainer"] = v.Trainer,
            ["ComparedWith"] = v.ComparedWith,
            ["Promote"] = v.Promote,
            ["TrainingSeconds"] = v.TrainingSeconds,
            ["HasReport"] = v.HasReport,
        };
        if (v.Counts is { } counts)
        {
            JsonColumns.Write(entity, "Counts", counts, DpgMatchJson.Default.TrainingCounts);
        }

        JsonColumns.Write(entity, "Evaluations", v.Evaluations, DpgMatchJson.Default.IReadOnlyListEvaluationResult);
        JsonColumns.Write(entity, "Importance", v.Importance, DpgMatchJson.Default.IReadOnlyListFeatureImportance);
        return entity;
    }

    private static ModelVersion FromEntity(TableEntity e) =>
        new(e.RowKey, e.GetString("Status"), e.GetString("RequestedBy"), e.GetInt32("Seed") ?? 0, e.GetString("FeatureSchemaHash"), e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue)
        {
            Reason = e.GetString("Reason"),
            StartedAt = e.GetDateTimeOffset("StartedAt"),
            FinishedAt = e.GetDateTimeOffset("FinishedAt"),
            Attempts = e.GetInt32("Attempts") ?? 0,
            ClaimId = e.GetString("ClaimId"),
            Trainer = e.GetString("Trainer"),
            ComparedWith = e.GetString("ComparedWith"),
            Promote = e.GetBoolean("Promote"),
            TrainingSeconds = e.GetDouble("TrainingSeconds"),
            HasReport = e.GetBoolean("HasReport") ?? false,
            Counts = e.ContainsKey("Counts") || e.ContainsKey("CountsParts") ? JsonColumns.Read(e, "Counts", DpgMatchJson.Default.TrainingCounts) : null,
            Evaluations = JsonColumns.Read(e, "Evaluations", DpgMatchJson.Default.IReadOnlyListEvaluationResult),
            Importance = JsonColumns.Read(e, "Importance", DpgMatchJson.Default.IReadOnlyListFeatureImportance),
        };
}
