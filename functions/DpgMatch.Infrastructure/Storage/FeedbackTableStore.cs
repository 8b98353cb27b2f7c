using Azure;
using Azure.Data.Tables;
using DpgMatch.Core.Feedback;
using DpgMatch.Core.Messaging;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>Feedback, one partition per need; row key: listing id and which side gave it.</summary>
public sealed class FeedbackTableStore(TableClient table) : IFeedbackStore
{
    /// <summary>A match's history stays well inside one entity's 1 MiB, however long an officer keeps changing their mind.</summary>
    public const int MaxHistory = 200;

    public async Task UpsertAsync(FeedbackRecord feedback, CancellationToken cancellationToken)
    {
        var rowKey = $"{feedback.ListingId}|{feedback.Actor}";
        var writeId = Guid.NewGuid().ToString("n");
        var added = new FeedbackEvent(feedback.Outcome, feedback.Grade, feedback.PrincipalId, feedback.At);
        while (true)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(feedback.NeedId, rowKey, cancellationToken: cancellationToken);
            if (existing.HasValue && existing.Value!.GetString("WriteId") == writeId)
            {
                // Our write committed on an earlier try whose answer was lost.
                return;
            }

            var history = existing.HasValue && existing.Value!.ContainsKey("History")
                ? JsonColumns.Read(existing.Value, "History", DpgMatchJson.Default.IReadOnlyListFeedbackEvent).ToList()
                : [];
            history.Add(added);
            var entity = ToEntity(feedback, rowKey, writeId, history.Count > MaxHistory ? history[^MaxHistory..] : history);
            try
            {
                if (existing.HasValue)
                {
                    await table.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another verdict landed in between: add ours to what it left.
            }
        }
    }

    private static TableEntity ToEntity(FeedbackRecord feedback, string rowKey, string writeId, IReadOnlyList<FeedbackEvent> history)
    {
        var entity = new TableEntity(feedback.NeedId, rowKey)
        {
            ["ListingId"] = feedback.ListingId,
            ["Actor"] = feedback.Actor,
            ["PrincipalId"] = feedback.PrincipalId,
            ["Outcome"] = feedback.Outcome,
            ["Grade"] = feedback.Grade,
            ["Comment"] = feedback.Comment,
            ["Scorer"] = feedback.Scorer,
            ["At"] = feedback.At,
            ["WriteId"] = writeId,
        };
        if (feedback.Features is { } features)
        {
            JsonColumns.Write(entity, "Features", features, DpgMatchJson.Default.IReadOnlyListSingle);
            entity["FeatureSchema"] = feedback.FeatureSchema;
        }

        if (feedback.NeedText is { } needText)
        {
            entity["NeedText"] = needText;
        }

        JsonColumns.Write(entity, "History", history, DpgMatchJson.Default.IReadOnlyListFeedbackEvent);
        return entity;
    }

    public Task<IReadOnlyList<FeedbackRecord>> ListAsync(string needId, CancellationToken cancellationToken) =>
        QueryAsync(table.QueryAsync<TableEntity>(e => e.PartitionKey == needId, cancellationToken: cancellationToken));

    public Task<IReadOnlyList<FeedbackRecord>> ListAllAsync(CancellationToken cancellationToken) =>
        QueryAsync(table.QueryAsync<TableEntity>(cancellationToken: cancellationToken));

    private static async Task<IReadOnlyList<FeedbackRecord>> QueryAsync(AsyncPageable<TableEntity> rows)
    {
        var records = new List<FeedbackRecord>();
        await foreach (var e in rows)
        {
            records.Add(new FeedbackRecord(
                e.PartitionKey,
                e.GetString("ListingId"),
                e.GetString("Actor"),
                e.GetString("PrincipalId"),
                e.GetString("Outcome"),
                e.GetInt32("Grade") ?? 0,
                e.GetString("Comment"),
                e.GetString("Scorer"),
                e.ContainsKey("Features") ? JsonColumns.Read(e, "Features", DpgMatchJson.Default.IReadOnlyListSingle) : null,
                e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue)
            {
                FeatureSchema = e.GetString("FeatureSchema"),
                NeedText = e.GetString("NeedText"),
            });
        }

        return records;
    }
}
