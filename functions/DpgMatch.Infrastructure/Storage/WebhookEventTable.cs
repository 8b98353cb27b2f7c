using Azure;
using Azure.Data.Tables;
using DpgMatch.Core.Notifications;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>Provider event ids already applied, so a replayed event is skipped.</summary>
public sealed class WebhookEventTable(TableClient table, TimeProvider time) : IWebhookEventStore
{
    public async Task<bool> IsRecordedAsync(string eventId, CancellationToken cancellationToken)
    {
        var key = Key(eventId);
        return (await table.GetEntityIfExistsAsync<TableEntity>(key[..2], key, select: ["PartitionKey"], cancellationToken: cancellationToken)).HasValue;
    }

    public async Task RecordAsync(string eventId, CancellationToken cancellationToken)
    {
        var key = Key(eventId);
        await table.UpsertEntityAsync(new TableEntity(key[..2], key) { ["At"] = time.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);
    }

    private static string Key(string eventId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(eventId)));
}
