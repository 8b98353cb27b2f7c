using Azure.Data.Tables;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>Matches, one partition per need, so a need's ranking is written and read in one transaction.</summary>
public sealed class MatchTableStore(TableClient table) : IMatchStore
{
    public async Task ReplaceAsync(string needId, IReadOnlyList<Match> matches, CancellationToken cancellationToken)
    {
        var keep = matches.Select(m => m.ListingId).ToHashSet(StringComparer.Ordinal);
        var actions = matches
            .Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(m)))
            .ToList();
        await foreach (var stale in table.QueryAsync<TableEntity>(e => e.PartitionKey == needId, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (!keep.Contains(stale.RowKey))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, stale));
            }
        }

        await TableBatches.SubmitAsync(table, actions, cancellationToken);
    }

    public async Task<Match?> GetAsync(string needId, string listingId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(needId, listingId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<IReadOnlyList<Match>> ListAsync(string needId, CancellationToken cancellationToken)
    {
        var matches = new List<Match>();
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == needId, cancellationToken: cancellationToken))
        {
            matches.Add(FromEntity(e));
        }

        return matches.OrderBy(m => m.Rank).ToArray();
    }

    private static Match FromEntity(TableEntity e) =>
        new(
            NeedId: e.PartitionKey,
            ListingId: e.RowKey,
            ListingName: e.GetString("ListingName"),
            Rank: e.GetInt32("Rank") ?? 0,
            Score: e.GetDouble("Score") ?? 0,
            Scorer: e.GetString("Scorer"),
            Reasons: JsonColumns.Read(e, "Reasons", DpgMatchJson.Default.IReadOnlyListMatchReason),
            MatchedAt: e.GetDateTimeOffset("MatchedAt") ?? DateTimeOffset.MinValue)
        {
            Features = e.ContainsKey("Features") ? JsonColumns.Read(e, "Features", DpgMatchJson.Default.IReadOnlyListSingle) : null,
            FeatureSchema = e.GetString("FeatureSchema"),
        };

    private static TableEntity ToEntity(Match match)
    {
        var entity = new TableEntity(match.NeedId, match.ListingId)
        {
            ["ListingName"] = match.ListingName,
            ["Rank"] = match.Rank,
            ["Score"] = match.Score,
            ["Scorer"] = match.Scorer,
            ["MatchedAt"] = match.MatchedAt,
        };
        JsonColumns.Write(entity, "Reasons", match.Reasons, DpgMatchJson.Default.IReadOnlyListMatchReason);
        if (match.Features is { } features)
        {
            JsonColumns.Write(entity, "Features", features, DpgMatchJson.Default.IReadOnlyListSingle);
            entity["FeatureSchema"] = match.FeatureSchema;
        }

        return entity;
    }
}
