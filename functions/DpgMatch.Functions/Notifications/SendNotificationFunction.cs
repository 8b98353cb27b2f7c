using DpgMatch.Core.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Notifications;

public sealed class SendNotificationFunction(QueueHandlers handlers)
{
    [Function(nameof(SendNotificationFunction))]
    public Task RunAsync(
        [QueueTrigger(QueueNames.Notifications, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        handlers.HandleNotificationAsync(message, cancellationToken);
}
