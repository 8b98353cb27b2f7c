using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DpgMatch.Core.Ranking;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>Model files in the <c>models</c> container, one folder per version: the model, its manifest and the report.</summary>
public sealed class BlobModelFileStore(BlobContainerClient container) : IModelFileStore
{
    public const string ContainerName = "models";

    public async Task SaveModelAsync(string versionId, RankerModel model, CancellationToken cancellationToken)
    {
        using var modelBytes = new MemoryStream();
        using var manifestBytes = new MemoryStream();
        model.Save(modelBytes, manifestBytes);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await UploadAsync(Path(versionId, BundledRankerModelSource.ModelFile), modelBytes.ToArray(), "application/zip", cancellationToken);
        await UploadAsync(Path(versionId, BundledRankerModelSource.ManifestFile), manifestBytes.ToArray(), "application/json", cancellationToken);
    }

    public async Task<RankerModel?> LoadModelAsync(string versionId, CancellationToken cancellationToken)
    {
        var model = await DownloadAsync(Path(versionId, BundledRankerModelSource.ModelFile), cancellationToken);
        var manifest = await DownloadAsync(Path(versionId, BundledRankerModelSource.ManifestFile), cancellationToken);
        return model is null || manifest is null ? null : RankerModel.Load(model.ToStream(), manifest.ToStream());
    }

    public async Task<ModelManifest?> ReadManifestAsync(string versionId, CancellationToken cancellationToken) =>
        await DownloadAsync(Path(versionId, BundledRankerModelSource.ManifestFile), cancellationToken) is { } manifest
            ? manifest.ToObjectFromJson(RankingJson.Default.ModelManifest)
            : null;

    public async Task SaveReportAsync(string versionId, string markdown, CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await UploadAsync(Path(versionId, RetrainReport.FileName), System.Text.Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", cancellationToken);
    }

    public async Task<string?> ReadReportAsync(string versionId, CancellationToken cancellationToken) =>
        (await DownloadAsync(Path(versionId, RetrainReport.FileName), cancellationToken))?.ToString();

    private static string Path(string versionId, string file) => $"{versionId}/{file}";

    private async Task UploadAsync(string name, byte[] content, string contentType, CancellationToken cancellationToken) =>
        await container.GetBlobClient(name).UploadAsync(
            new BinaryData(content), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);

    private async Task<BinaryData?> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
