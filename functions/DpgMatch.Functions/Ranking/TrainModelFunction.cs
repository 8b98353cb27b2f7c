using DpgMatch.Core.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Ranking;

public sealed class TrainModelFunction(QueueHandlers handlers)
{
    [Function(nameof(TrainModelFunction))]
    public Task RunAsync(
        [QueueTrigger(QueueNames.ModelTraining, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        handlers.HandleModelTrainingAsync(message, cancellationToken);
}
