using Azure;
using Azure.Storage.Queues;
using DpgMatch.Core.Messaging;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>Sends queue messages Base64-encoded, the encoding the Functions and WebJobs queue triggers expect.</summary>
public sealed class StorageQueueSender(QueueServiceClient queues) : IQueueSender
{
    public async Task SendAsync(string queue, string body, CancellationToken cancellationToken, TimeSpan? delay = null)
    {
        var client = queues.GetQueueClient(queue);
        try
        {
            await client.SendMessageAsync(body, visibilityTimeout: delay, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await client.SendMessageAsync(body, visibilityTimeout: delay, cancellationToken: cancellationToken);
        }
    }
}
