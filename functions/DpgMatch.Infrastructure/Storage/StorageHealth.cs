using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace DpgMatch.Infrastructure.Storage;

public sealed class StorageHealth(TableServiceClient tables, QueueServiceClient queues)
{
    /// <summary>True when both the table and the queue service answer within the timeout.</summary>
    public async Task<bool> IsReachableAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await Task.WhenAll(
                tables.QueryAsync(maxPerPage: 1, cancellationToken: cts.Token).AsPages().GetAsyncEnumerator(cts.Token).MoveNextAsync().AsTask(),
                queues.GetQueueClient(Core.Messaging.QueueNames.NeedsToMatch).ExistsAsync(cts.Token));
            return true;
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
        {
            return false;
        }
    }
}
