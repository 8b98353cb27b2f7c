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
    public static TableServiceClient Tables(StorageOptions options) =>
        options.UsesIdentity
            ? new TableServiceClient(options.ServiceUri("table"), Credential(options))
            : new TableServiceClient(options.ConnectionString);

    /// <summary>Base64 messages: the encoding the Functions and WebJobs queue triggers expect.</summary>
    public static QueueServiceClient Queues(StorageOptions options)
    {
        var clientOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        return options.UsesIdentity
            ? new QueueServiceClient(options.ServiceUri("queue"), Credential(options), clientOptions)
            : new QueueServiceClient(options.ConnectionString, clientOptions);
    }

    public static BlobServiceClient Blobs(StorageOptions options) =>
        options.UsesIdentity
            ? new BlobServiceClient(options.ServiceUri("blob"), Credential(options))
            : new BlobServiceClient(options.ConnectionString);

    private static DefaultAzureCredential Credential(StorageOptions options) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId });
}
