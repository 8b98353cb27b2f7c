using System.Text.Json;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Validation;

namespace DpgMatch.Core.Listings;

public sealed record RegistryImportChunk(string JobId, int Chunk, IReadOnlyList<string> Slugs);

public sealed record ImportJob(string Id, string Organisation, int Chunks, DateTimeOffset CreatedAt);

public sealed record ImportJobView(string Id, string Status, int Chunks, int ChunksDone, ImportReport Report, DateTimeOffset CreatedAt);

public interface IImportJobStore
{
    Task CreateAsync(ImportJob job, CancellationToken cancellationToken);

    /// <summary>Records a chunk's report once; a redelivered chunk overwrites it with the same counts of a no-op.</summary>
    Task RecordChunkAsync(string jobId, int chunk, ImportReport report, CancellationToken cancellationToken);

    Task<(ImportJob Job, IReadOnlyDictionary<int, ImportReport> Chunks)?> GetAsync(string jobId, CancellationToken cancellationToken);
}

/// <summary>Keeps an uploaded registry zip until every chunk of its import has run.</summary>
public interface IImportPayloadStore
{
    Task SaveAsync(string jobId, byte[] payload, CancellationToken cancellationToken);

    Task<byte[]> ReadAsync(string jobId, CancellationToken cancellationToken);
}

/// <summary>
/// Imports an uploaded registry zip. A small upload is imported while the caller waits; a large one is
/// stored, split into chunks of <see cref="ChunkSize"/> DPGs, and imported chunk by chunk from the
/// <c>registry-import</c> queue, so no single request or message runs long.
/// </summary>
public sealed class RegistryImportService(
    RegistryImporter importer,
    IImportJobStore jobs,
    IImportPayloadStore payloads,
    IQueueSender queue,
    CatalogIndexProvider catalog,
    TimeProvider time)
{
    public const int ChunkSize = 50;

    public async Task<Result<ImportJobView>> StartAsync(Principal caller, byte[] zip, CancellationToken cancellationToken)
    {
        if (caller.Role != Role.Admin)
        {
            return Result<ImportJobView>.Forbidden("Only an admin may import the registry.");
        }

        RegistrySnapshot snapshot;
        try
        {
            snapshot = RegistrySnapshot.FromZip(new MemoryStream(zip, writable: false));
        }
        catch (InvalidDataException ex)
        {
            return Result<ImportJobView>.Unprocessable($"The upload is not a registry zip: {ex.Message}");
        }

        var id = Guid.NewGuid().ToString("n");
        var now = time.GetUtcNow();
        if (snapshot.Entries.Count <= ChunkSize)
        {
            var report = await importer.ImportAsync(snapshot, cancellationToken);
            catalog.Invalidate();
            return Result<ImportJobView>.Ok(new ImportJobView(id, "completed", 1, 1, report, now));
        }

        var chunks = snapshot.Entries.Select(e => e.Slug).Chunk(ChunkSize).ToArray();
        await payloads.SaveAsync(id, zip, cancellationToken);
        await jobs.CreateAsync(new ImportJob(id, caller.Organisation, chunks.Length, now), cancellationToken);
        for (var i = 0; i < chunks.Length; i++)
        {
            var message = JsonSerializer.Serialize(new RegistryImportChunk(id, i, chunks[i]), DpgMatchJson.Default.RegistryImportChunk);
            await queue.SendAsync(QueueNames.RegistryImport, message, cancellationToken);
        }

        return Result<ImportJobView>.Created(new ImportJobView(id, "running", chunks.Length, 0, ImportReport.Empty, now));
    }

    public async Task ImportChunkAsync(RegistryImportChunk chunk, CancellationToken cancellationToken)
    {
        var zip = await payloads.ReadAsync(chunk.JobId, cancellationToken);
        var snapshot = RegistrySnapshot.FromZip(new MemoryStream(zip, writable: false)).Only(chunk.Slugs.ToHashSet(StringComparer.Ordinal));
        var report = await importer.ImportAsync(snapshot, cancellationToken);
        await jobs.RecordChunkAsync(chunk.JobId, chunk.Chunk, report, cancellationToken);
        catalog.Invalidate();
    }

    public async Task<Result<ImportJobView>> GetAsync(Principal caller, string jobId, CancellationToken cancellationToken)
    {
        if (caller.Role != Role.Admin)
        {
            return Result<ImportJobView>.Forbidden("Only an admin may read import jobs.");
        }

        var found = jobId.Length == 32 && jobId.All(char.IsAsciiHexDigitLower) ? await jobs.GetAsync(jobId, cancellationToken) : null;
        if (found is not { } f || !string.Equals(f.Job.Organisation, caller.Organisation, StringComparison.Ordinal))
        {
            return Result<ImportJobView>.NotFound();
        }

        var report = f.Chunks.OrderBy(c => c.Key).Aggregate(ImportReport.Empty, (sum, c) => sum.Add(c.Value));
        var status = f.Chunks.Count >= f.Job.Chunks ? "completed" : "running";
        return Result<ImportJobView>.Ok(new ImportJobView(f.Job.Id, status, f.Job.Chunks, f.Chunks.Count, report, f.Job.CreatedAt));
    }
}
