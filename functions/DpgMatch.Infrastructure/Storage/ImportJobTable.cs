using System.Globalization;
using Azure.Data.Tables;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Messaging;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>Import jobs: one partition per job, a header row and one row per finished chunk.</summary>
public sealed class ImportJobTable(TableClient table) : IImportJobStore
{
    private const string Header = "job";

    public Task CreateAsync(ImportJob job, CancellationToken cancellationToken) =>
        table.AddEntityAsync(
            new TableEntity(job.Id, Header) { ["Organisation"] = job.Organisation, ["Chunks"] = job.Chunks, ["CreatedAt"] = job.CreatedAt },
            cancellationToken);

    public Task RecordChunkAsync(string jobId, int chunk, ImportReport report, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(jobId, ChunkKey(chunk));
        JsonColumns.Write(entity, "Report", report, DpgMatchJson.Default.ImportReport);

        // A redelivered chunk imports nothing new; keep the first report, which counted the writes.
        return AddIfAbsentAsync(entity, cancellationToken);
    }

    public async Task<(ImportJob Job, IReadOnlyDictionary<int, ImportReport> Chunks)?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        ImportJob? job = null;
        var chunks = new Dictionary<int, ImportReport>();
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == jobId, cancellationToken: cancellationToken))
        {
            if (e.RowKey == Header)
            {
                job = new ImportJob(jobId, e.GetString("Organisation"), e.GetInt32("Chunks") ?? 0, e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue);
            }
            else
            {
                chunks[int.Parse(e.RowKey.AsSpan("chunk-".Length), CultureInfo.InvariantCulture)] = JsonColumns.Read(e, "Report", DpgMatchJson.Default.ImportReport);
            }
        }

        return job is null ? null : (job, chunks);
    }

    private async Task AddIfAbsentAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 409)
        {
            // Recorded by an earlier delivery.
        }
    }

    private static string ChunkKey(int chunk) => "chunk-" + chunk.ToString("D5", CultureInfo.InvariantCulture);
}
