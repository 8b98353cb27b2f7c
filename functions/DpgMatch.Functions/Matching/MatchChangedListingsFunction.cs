using DpgMatch.Core.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Matching;

public sealed class MatchChangedListingsFunction(QueueHandlers handlers)
{
    [Function(nameof(MatchChangedListingsFunction))]
    public Task RunAsync(
        [QueueTrigger(QueueNames.ListingsChanged, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        handlers.HandleListingsChangedAsync(message, cancellationToken);
}
