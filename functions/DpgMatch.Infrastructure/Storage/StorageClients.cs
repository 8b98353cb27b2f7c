using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>
/// The one place that decides how the storage clients authenticate, for both hosts and the CLI: with the
/// connection string when there is one, otherwise with a Microsoft Entra token (managed identity in Azure).
/// </summary>
public static class StorageClients
{
    public static TableServiceClient Tables(StorageOptions options, IEnumerable<StoragePipelinePolicy>? policies = null)
    {
        var clientOptions = With(new TableClientOptions(), policies);
        return options.UsesIdentity
            ? new TableServiceClient(options.ServiceUri("table"), Credential(options), clientOptions)
            : new TableServiceClient(options.ConnectionString, clientOptions);
    }

    /// <summary>Base64 messages: the encoding the Functions and WebJobs queue triggers expect.</summary>
    public static QueueServiceClient Queues(StorageOptions options, IEnumerable<StoragePipelinePolicy>? policies = null)
    {
        var clientOptions = With(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, policies);
        return options.UsesIdentity
            ? new QueueServiceClient(options.ServiceUri("queue"), Credential(options), clientOptions)
            : new QueueServiceClient(options.ConnectionString, clientOptions);
    }

    public static BlobServiceClient Blobs(StorageOptions options, IEnumerable<StoragePipelinePolicy>? policies = null)
    {
        var clientOptions = With(new BlobClientOptions(), policies);
        return options.UsesIdentity
            ? new BlobServiceClient(options.ServiceUri("blob"), Credential(options), clientOptions)
            : new BlobServiceClient(options.ConnectionString, clientOptions);
    }

    private static T With<T>(T clientOptions, IEnumerable<StoragePipelinePolicy>? policies)
        where T : ClientOptions
    {
        foreach (var policy in policies ?? [])
        {
            clientOptions.AddPolicy(policy.Policy, policy.Position);
        }

        return clientOptions;
    }

    private static DefaultAzureCredential Credential(StorageOptions options) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId });
}

/// <summary>
/// An extra step in every storage client's HTTP pipeline. Nothing in the product registers one; tests do, to
/// inject faults and latency into the very calls the product makes.
/// </summary>
public sealed record StoragePipelinePolicy(HttpPipelinePolicy Policy, HttpPipelinePosition Position = HttpPipelinePosition.PerRetry);
