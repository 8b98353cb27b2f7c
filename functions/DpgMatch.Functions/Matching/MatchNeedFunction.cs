using DpgMatch.Core.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Matching;

public sealed class MatchNeedFunction(QueueHandlers handlers)
{
    [Function(nameof(MatchNeedFunction))]
    public Task RunAsync(
        [QueueTrigger(QueueNames.NeedsToMatch, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        handlers.HandleNeedToMatchAsync(message, cancellationToken);
}
