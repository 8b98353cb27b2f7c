using Azure;
using Azure.Data.Tables;
using DpgMatch.Core.Notifications;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>
/// The send ledger in Table storage. Insert-if-absent and ETag-guarded updates are what make two deliveries
/// of one message race safely: only one of them can move a row from Pending to Sending.
/// </summary>
public sealed class NotificationLedgerTable(TableClient table, TimeProvider time) : INotificationLedger
{
    private const string Pending = "Pending";
    private const string Sending = "Sending";
    private const string Sent = "Sent";
    private const string Failed = "Failed";

    public async Task<ClaimOutcome> TryClaimAsync(string recipientKey, string notificationId, string kind, CancellationToken cancellationToken)
    {
        var row = new TableEntity(recipientKey, notificationId)
        {
            ["Kind"] = kind,
            ["Status"] = Sending,
            ["Attempts"] = 1,
            ["UpdatedAt"] = time.GetUtcNow(),
        };
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
            return ClaimOutcome.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Someone wrote this notification before: decide from what they left.
        }

        var existing = (await table.GetEntityAsync<TableEntity>(recipientKey, notificationId, cancellationToken: cancellationToken)).Value;
        switch (existing.GetString("Status"))
        {
            case Sent:
                return ClaimOutcome.AlreadySent;
            case Failed:
                return ClaimOutcome.Failed;
            case Pending:
                existing["Status"] = Sending;
                existing["Attempts"] = (existing.GetInt32("Attempts") ?? 0) + 1;
                existing["UpdatedAt"] = time.GetUtcNow();
                try
                {
                    await table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                    return ClaimOutcome.Claimed;
                }
                catch (RequestFailedException ex) when (ex.Status == 412)
                {
                    return ClaimOutcome.InFlight;
                }

            default:
                return ClaimOutcome.InFlight;
        }
    }

    public Task MarkSentAsync(string recipientKey, string notificationId, string? providerMessageId, CancellationToken cancellationToken) =>
        SetAsync(recipientKey, notificationId, Sent, new() { ["ProviderMessageId"] = providerMessageId }, cancellationToken);

    public Task MarkFailedAsync(string recipientKey, string notificationId, string reason, CancellationToken cancellationToken) =>
        SetAsync(recipientKey, notificationId, Failed, new() { ["Reason"] = reason.Length > 1000 ? reason[..1000] : reason }, cancellationToken);

    public Task ReleaseAsync(string recipientKey, string notificationId, CancellationToken cancellationToken) =>
        SetAsync(recipientKey, notificationId, Pending, [], cancellationToken);

    private async Task SetAsync(string recipientKey, string notificationId, string status, Dictionary<string, object?> extra, CancellationToken cancellationToken)
    {
        var patch = new TableEntity(recipientKey, notificationId)
        {
            ["Status"] = status,
            ["UpdatedAt"] = time.GetUtcNow(),
        };
        foreach (var (key, value) in extra)
        {
            patch[key] = value;
        }

        await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }
}
