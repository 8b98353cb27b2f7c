using DpgMatch.Core.Messaging;
using Microsoft.Azure.WebJobs;

namespace DpgMatch.LocalHost.Queues;

/// <summary>
/// The queue triggers on the WebJobs SDK, the engine the Functions host runs them on. Like the Functions
/// app's triggers, each only hands the message body to the shared handler and lets failures escape.
/// </summary>
public sealed class QueueFunctions(QueueHandlers handlers)
{
    [FunctionName("MatchNeedFunction")]
    public Task MatchNeedAsync([QueueTrigger(QueueNames.NeedsToMatch)] string message, CancellationToken cancellationToken) =>
        handlers.HandleNeedToMatchAsync(message, cancellationToken);

    [FunctionName("SendNotificationFunction")]
    public Task SendNotificationAsync([QueueTrigger(QueueNames.Notifications)] string message, CancellationToken cancellationToken) =>
        handlers.HandleNotificationAsync(message, cancellationToken);

    [FunctionName("ImportRegistryChunkFunction")]
    public Task ImportRegistryChunkAsync([QueueTrigger(QueueNames.RegistryImport)] string message, CancellationToken cancellationToken) =>
        handlers.HandleRegistryImportAsync(message, cancellationToken);

    [FunctionName("MatchChangedListingsFunction")]
    public Task MatchChangedListingsAsync([QueueTrigger(QueueNames.ListingsChanged)] string message, CancellationToken cancellationToken) =>
        handlers.HandleListingsChangedAsync(message, cancellationToken);

    [FunctionName("TrainModelFunction")]
    public Task TrainModelAsync([QueueTrigger(QueueNames.ModelTraining)] string message, CancellationToken cancellationToken) =>
        handlers.HandleModelTrainingAsync(message, cancellationToken);
}
