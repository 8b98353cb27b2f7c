using Azure.Storage.Blobs;
using DpgMatch.Core.Listings;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>Uploaded registry zips, in the <c>imports</c> container, named by job.</summary>
public sealed class BlobImportPayloadStore(BlobContainerClient container) : IImportPayloadStore
{
    public const string ContainerName = "imports";

    public async Task SaveAsync(string jobId, byte[] payload, CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await container.GetBlobClient($"{jobId}.zip").UploadAsync(new BinaryData(payload), overwrite: true, cancellationToken);
    }

    public async Task<byte[]> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        var content = await container.GetBlobClient($"{jobId}.zip").DownloadContentAsync(cancellationToken);
        return content.Value.Content.ToArray();
    }
}
