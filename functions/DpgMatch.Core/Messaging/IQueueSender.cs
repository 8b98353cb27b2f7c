namespace DpgMatch.Core.Messaging;

public interface IQueueSender
{
    Task SendAsync(string queue, string body, CancellationToken cancellationToken);
}
