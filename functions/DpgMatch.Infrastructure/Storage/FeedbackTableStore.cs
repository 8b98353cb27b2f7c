using Azure.Data.Tables;
using DpgMatch.Core.Feedback;
using DpgMatch.Core.Messaging;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>Feedback, one partition per need; row key: listing id and which side gave it.</summary>
public sealed class FeedbackTableStore(TableClient table) : IFeedbackStore
{
    public async Task UpsertAsync(FeedbackRecord feedback, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(feedback.NeedId, $"{feedback.ListingId}|{feedback.Actor}")
        {
            ["ListingId"] = feedback.ListingId,
            ["Actor"] = feedback.Actor,
            ["PrincipalId"] = feedback.PrincipalId,
            ["Outcome"] = feedback.Outcome,
            ["Grade"] = feedback.Grade,
            ["Comment"] = feedback.Comment,
            ["Scorer"] = feedback.Scorer,
            ["At"] = feedback.At,
        };
        if (feedback.Features is { } features)
        {
            JsonColumns.Write(entity, "Features", features, DpgMatchJson.Default.IReadOnlyListSingle);
        }

        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<FeedbackRecord>> ListAsync(string needId, CancellationToken cancellationToken)
    {
        var records = new List<FeedbackRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == needId, cancellationToken: cancellationToken))
        {
            records.Add(new FeedbackRecord(
                needId,
                e.GetString("ListingId"),
                e.GetString("Actor"),
                e.GetString("PrincipalId"),
                e.GetString("Outcome"),
                e.GetInt32("Grade") ?? 0,
                e.GetString("Comment"),
                e.GetString("Scorer"),
                e.ContainsKey("Features") ? JsonColumns.Read(e, "Features", DpgMatchJson.Default.IReadOnlyListSingle) : null,
                e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue));
        }

        return records;
    }
}
