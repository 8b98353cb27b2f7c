using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Infrastructure.Catalog;
using DpgMatch.Infrastructure.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>
/// Creates the tables, queues (with their poison twins) and blob containers, and imports the bundled catalogue when the host
/// starts. If storage is down the host still starts, so that <c>/api/health</c> can say so, and the work is
/// retried in the background until it succeeds.
/// </summary>
public sealed partial class StorageBootstrapper(
    TableServiceClient tables,
    QueueServiceClient queues,
    BlobServiceClient blobs,
    RegistryImporter importer,
    CatalogIndexProvider catalogIndex,
    IOptions<CatalogOptions> catalog,
    ILogger<StorageBootstrapper> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task? retry;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunOnceAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or OperationCanceledException or AggregateException)
        {
            InfrastructureLog.StorageBootstrapFailed(logger, ex);
            retry = RetryAsync(stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (retry is not null)
        {
            await Task.WhenAny(retry, Task.Delay(Timeout.Infinite, cancellationToken));
        }
    }

    public void Dispose() => stopping.Dispose();

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var token = timeout.Token;

        await Task.WhenAll(TableNames.All.Select(t => tables.CreateTableIfNotExistsAsync(t, token)));
        await Task.WhenAll(QueueNames.All
            .SelectMany(q => new[] { q, QueueNames.Poison(q) })
            .Select(q => queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: token)));
        await blobs.GetBlobContainerClient(BlobImportPayloadStore.ContainerName).CreateIfNotExistsAsync(cancellationToken: token);
        await blobs.GetBlobContainerClient(BlobModelFileStore.ContainerName).CreateIfNotExistsAsync(cancellationToken: token);

        if (catalog.Value.ImportOnStart)
        {
            var report = await importer.ImportDirectoryAsync(catalog.Value.ResolvedDirectory, token);
            if (report.Created + report.Updated > 0)
            {
                catalogIndex.Invalidate();
            }
        }
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                await RunOnceAsync(cancellationToken);
                InfrastructureLog.StorageBootstrapRecovered(logger);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or OperationCanceledException or AggregateException)
            {
                InfrastructureLog.StorageBootstrapFailed(logger, ex);
            }
        }
    }
}
