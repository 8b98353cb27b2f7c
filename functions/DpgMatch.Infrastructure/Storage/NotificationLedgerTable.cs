using Azure;
using Azure.Data.Tables;
using DpgMatch.Core.Notifications;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>
/// The send ledger in Table storage. Insert-if-absent and ETag-guarded updates are what make two deliveries
/// of one message race safely: only one of them can move a row from Pending to Sending. Each claim carries its
/// own id, so a claim whose answer was lost (the write committed, the response did not arrive, the SDK retried
/// and met a 409 or 412) still recognises the row as its own.
/// </summary>
public sealed class NotificationLedgerTable(TableClient table, TimeProvider time) : INotificationLedger
{

    private const string Pending = "Pending";
    private const string Sending = "Sending";
    private const string Sent = "Sent";
    private const string Failed = "Failed";
    private const string Unknown = "Unknown";

    public async Task<LedgerClaim> TryClaimAsync(string recipientKey, string notificationId, string kind, TimeSpan lease, CancellationToken cancellationToken)
    {
        var claimId = Guid.NewGuid().ToString("n");
        var row = new TableEntity(recipientKey, notificationId)
        {
            ["Kind"] = kind,
            ["Status"] = Sending,
            ["Attempts"] = 1,
            ["ClaimId"] = claimId,
            ["UpdatedAt"] = time.GetUtcNow(),
        };
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
            return new LedgerClaim(ClaimOutcome.Claimed, 1);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Someone wrote this notification before: decide from what they left.
        }
        catch (Exception ex) when (ex is RequestFailedException or IOException)
        {
            // The insert may have committed before the failure: if so, the claim is ours.
            var written = await table.GetEntityIfExistsAsync<TableEntity>(recipientKey, notificationId, cancellationToken: cancellationToken);
            if (written.HasValue && written.Value!.GetString("ClaimId") == claimId)
            {
                return new LedgerClaim(ClaimOutcome.Claimed, 1);
            }

            throw;
        }

        var existing = (await table.GetEntityAsync<TableEntity>(recipientKey, notificationId, cancellationToken: cancellationToken)).Value;
        var attempts = existing.GetInt32("Attempts") ?? 0;
        if (existing.GetString("Status") == Sending && existing.GetString("ClaimId") == claimId)
        {
            return new LedgerClaim(ClaimOutcome.Claimed, attempts);
        }

        switch (existing.GetString("Status"))
        {
            case Sent:
                return new LedgerClaim(ClaimOutcome.AlreadySent, attempts);
            case Failed:
                return new LedgerClaim(ClaimOutcome.Failed, attempts);
            case Unknown:
                return new LedgerClaim(ClaimOutcome.Unknown, attempts);
            case Pending:
                existing["Status"] = Sending;
                existing["Attempts"] = attempts + 1;
                existing["ClaimId"] = claimId;
                existing["UpdatedAt"] = time.GetUtcNow();
                try
                {
                    await table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                    return new LedgerClaim(ClaimOutcome.Claimed, attempts + 1);
                }
                catch (RequestFailedException ex) when (ex.Status == 412)
                {
                    var now = (await table.GetEntityAsync<TableEntity>(recipientKey, notificationId, cancellationToken: cancellationToken)).Value;
                    return now.GetString("ClaimId") == claimId && now.GetString("Status") == Sending
                        ? new LedgerClaim(ClaimOutcome.Claimed, attempts + 1)
                        : new LedgerClaim(ClaimOutcome.InFlight, attempts);
                }

            default:
                var since = existing.GetDateTimeOffset("UpdatedAt") ?? existing.Timestamp ?? DateTimeOffset.MinValue;
                return new LedgerClaim(time.GetUtcNow() - since > lease ? ClaimOutcome.Abandoned : ClaimOutcome.InFlight, attempts);
        }
    }

    public Task MarkSentAsync(string recipientKey, string notificationId, string? providerMessageId, CancellationToken cancellationToken) =>
        SetAsync(recipientKey, notificationId, Sent, new() { ["ProviderMessageId"] = providerMessageId }, cancellationToken);

    public Task MarkFailedAsync(string recipientKey, string notificationId, string reason, CancellationToken cancellationToken) =>
        SetAsync(recipientKey, notificationId, Failed, new() { ["Reason"] = reason.Length > 1000 ? reason[..1000] : reason }, cancellationToken);

    public Task MarkUnknownAsync(string recipientKey, string notificationId, string reason, CancellationToken cancellationToken) =>
        SetAsync(recipientKey, notificationId, Unknown, new() { ["Reason"] = reason }, cancellationToken);

    public async Task<bool> SettleUnknownAsync(string recipientKey, string notificationId, bool resend, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(recipientKey, notificationId, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value!.GetString("Status") != Unknown)
        {
            return false;
        }

        var row = response.Value;
        row["Status"] = resend ? Pending : Sent;
        row["Reason"] = resend ? "No event after the send timed out; sending again" : "No event after the send timed out; assumed sent";
        row["UpdatedAt"] = time.GetUtcNow();
        try
        {
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

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

        try
        {
            await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // An event about a notification this ledger never held (another deployment's, say): nothing to settle.
        }
    }
}
