using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Messaging;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>
/// Listings spread over a few hash buckets: enough partitions that no single one is hot, few enough that a
/// full import needs only a handful of batch transactions.
/// </summary>
public sealed class ListingTableStore(TableClient table) : IListingStore
{
    private const int Buckets = 8;

    public static string Bucket(string listingId) =>
        "b" + (SHA256.HashData(Encoding.UTF8.GetBytes(listingId))[0] % Buckets).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<StoredListing>> GetAllAsync(CancellationToken cancellationToken)
    {
        var listings = new List<StoredListing>();
        await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            listings.Add(new StoredListing(
                JsonColumns.Read(entity, "Document", DpgMatchJson.Default.Listing),
                entity.GetString("ContentHash")));
        }

        return listings;
    }

    public Task UpsertAsync(IReadOnlyCollection<StoredListing> listings, CancellationToken cancellationToken) =>
        TableBatches.SubmitAsync(
            table,
            listings.Select(l => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(l))),
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
        };
        JsonColumns.Write(entity, "Document", listing, DpgMatchJson.Default.Listing);
        return entity;
    }
}
