namespace DpgMatch.Core.Messaging;

public interface IQueueSender
{
    /// <summary>Queues a message; with a delay it stays invisible, and so unprocessed, until the delay has passed.</summary>
    Task SendAsync(string queue, string body, CancellationToken cancellationToken, TimeSpan? delay = null);
}
