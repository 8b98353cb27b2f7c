using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Messaging;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>
/// Listings spread over a few hash buckets: enough partitions that no single one is hot, few enough that a
/// full import needs only a handful of batch transactions. Every write bumps the catalogue's version row,
/// whose ETag tells matchers on every instance that their index is stale.
/// </summary>
public sealed class ListingTableStore(TableClient table, TableClient state) : IListingStore
{
    private const int Buckets = 8;
    private const string StatePartition = "catalogue";
    private const string VersionRow = "version";

    public static string Bucket(string listingId) =>
        "b" + (SHA256.HashData(Encoding.UTF8.GetBytes(listingId))[0] % Buckets).ToString(CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<StoredListing>> GetAllAsync(CancellationToken cancellationToken)
    {
        var listings = new List<StoredListing>();
        await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            listings.Add(FromEntity(entity));
        }

        return listings;
    }

    public async Task<StoredListing?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Bucket(id), id, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<IReadOnlyList<ListingSummary>> GetSummariesAsync(CancellationToken cancellationToken)
    {
        var summaries = new List<ListingSummary>();
        await foreach (var e in table.QueryAsync<TableEntity>(select: ["RowKey", "ContentHash", "Source"], cancellationToken: cancellationToken))
        {
            summaries.Add(new ListingSummary(e.RowKey, e.GetString("ContentHash"), e.GetString("Source")));
        }

        return summaries;
    }

    public async Task UpsertAsync(IReadOnlyCollection<StoredListing> listings, CancellationToken cancellationToken)
    {
        await TableBatches.SubmitAsync(
            table,
            listings.Select(l => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(l))),
            cancellationToken);
        await BumpVersionAsync(cancellationToken);
    }

    public async Task<StoredListing?> AddAsync(StoredListing listing, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.AddEntityAsync(ToEntity(listing), cancellationToken);
            await BumpVersionAsync(cancellationToken);
            return listing with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    public async Task<StoredListing?> ReplaceAsync(StoredListing listing, string etag, CancellationToken cancellationToken)
    {
        if (etag != "*" && !etag.StartsWith("W/\"", StringComparison.Ordinal))
        {
            // Not an ETag this store ever issued, so it cannot be the current one.
            return null;
        }

        // The write's own id tells a 412 caused by our own committed write (its answer lost, the SDK's retry
        // meeting the new ETag) from a change someone else made.
        var entity = ToEntity(listing);
        var writeId = Guid.NewGuid().ToString("n");
        entity["WriteId"] = writeId;
        try
        {
            var response = await table.UpdateEntityAsync(entity, etag == "*" ? ETag.All : new ETag(etag), TableUpdateMode.Replace, cancellationToken);
            await BumpVersionAsync(cancellationToken);
            return listing with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            var now = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
            if (now.HasValue && now.Value!.GetString("WriteId") == writeId)
            {
                await BumpVersionAsync(cancellationToken);
                return listing with { ETag = now.Value.ETag.ToString() };
            }

            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<string> GetVersionAsync(CancellationToken cancellationToken)
    {
        var response = await state.GetEntityIfExistsAsync<TableEntity>(StatePartition, VersionRow, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.ETag.ToString() : "none";
    }

    private async Task BumpVersionAsync(CancellationToken cancellationToken) =>
        await state.UpsertEntityAsync(
            new TableEntity(StatePartition, VersionRow) { ["Changed"] = Guid.NewGuid().ToString("n") },
            TableUpdateMode.Replace,
            cancellationToken);

    private static TableEntity ToEntity(StoredListing stored)
    {
        var listing = stored.Listing;
        var entity = new TableEntity(Bucket(listing.Id), listing.Id)
        {
            ["Name"] = listing.Name,
            ["Stage"] = listing.Stage,
            ["Source"] = listing.Source,
            ["ContentHash"] = stored.ContentHash,
            ["OwnerOrganisation"] = stored.OwnerOrganisation,
        };
        JsonColumns.Write(entity, "Document", listing, DpgMatchJson.Default.Listing);
        if (stored.Embedding is { } embedding)
        {
            var bytes = new byte[embedding.Length * sizeof(float)];
            Buffer.BlockCopy(embedding, 0, bytes, 0, bytes.Length);
            entity["Embedding"] = bytes;
        }

        return entity;
    }

    private static StoredListing FromEntity(TableEntity entity)
    {
        float[]? embedding = null;
        if (entity.GetBinary("Embedding") is { } bytes)
        {
            embedding = new float[bytes.Length / sizeof(float)];
            Buffer.BlockCopy(bytes, 0, embedding, 0, bytes.Length);
        }

        return new StoredListing(
            JsonColumns.Read(entity, "Document", DpgMatchJson.Default.Listing),
            entity.GetString("ContentHash"),
            entity.ETag.ToString(),
            entity.GetString("OwnerOrganisation"))
        {
            Embedding = embedding,
        };
    }
}
