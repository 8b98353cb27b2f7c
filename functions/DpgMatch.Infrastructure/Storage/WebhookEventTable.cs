using Azure;
using Azure.Data.Tables;
using DpgMatch.Core.Notifications;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>Provider event ids already applied; an insert conflict means a replay.</summary>
public sealed class WebhookEventTable(TableClient table, TimeProvider time) : IWebhookEventStore
{
    public async Task<bool> TryRecordAsync(string eventId, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(eventId)));
        try
        {
            await table.AddEntityAsync(new TableEntity(key[..2], key) { ["At"] = time.GetUtcNow() }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }
}
