using Azure.Data.Tables;
using DpgMatch.Core.Notifications;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>Suppressions by recipient key (a hash, never the address) and kind of mail.</summary>
public sealed class SuppressionTable(TableClient table, TimeProvider time) : ISuppressionStore
{
    public async Task<bool> IsSuppressedAsync(string recipientKey, string kind, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {recipientKey} and (RowKey eq {kind} or RowKey eq {ISuppressionStore.AllKinds})");
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return true;
        }

        return false;
    }

    public Task SuppressAsync(string recipientKey, string kind, string reason, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(recipientKey, kind) { ["Reason"] = reason, ["At"] = time.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken);
}
