using DpgMatch.Core.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Listings;

public sealed class ImportRegistryChunkFunction(QueueHandlers handlers)
{
    [Function(nameof(ImportRegistryChunkFunction))]
    public Task RunAsync(
        [QueueTrigger(QueueNames.RegistryImport, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        handlers.HandleRegistryImportAsync(message, cancellationToken);
}
