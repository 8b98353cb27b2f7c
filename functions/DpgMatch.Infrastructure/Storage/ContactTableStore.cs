using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using DpgMatch.Core.Listings;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>
/// Contacts, in the same hash buckets as their listings (row key: listing id, then a hash of the address, so
/// the key itself reveals nothing). Sharing the buckets lets an import write every listing's contacts in a
/// handful of batch transactions instead of one per listing. Nothing here is returned by a public route.
/// </summary>
public sealed class ContactTableStore(TableClient table) : IContactStore
{
    private const char Separator = '|';

    public async Task ReplaceAsync(IReadOnlyDictionary<string, IReadOnlyList<ListingContact>> contactsByListing, CancellationToken cancellationToken)
    {
        var keep = new Dictionary<(string, string), TableEntity>();
        foreach (var (listingId, contacts) in contactsByListing)
        {
            foreach (var contact in contacts)
            {
                var entity = new TableEntity(ListingTableStore.Bucket(listingId), RowKey(listingId, contact.Email))
                {
                    ["ListingId"] = listingId,
                    ["Name"] = contact.Name,
                    ["Email"] = contact.Email,
                    ["Organisation"] = contact.Organisation,
                    ["Role"] = contact.Role,
                    ["Source"] = contact.Source,

                    // Imported contacts never agreed to hear from us; a maintainer's claim is what opts them in.
                    ["Consent"] = "none",
                };
                keep[(entity.PartitionKey, entity.RowKey)] = entity;
            }
        }

        var actions = keep.Values.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)).ToList();
        await foreach (var existing in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "ListingId"], cancellationToken: cancellationToken))
        {
            if (contactsByListing.ContainsKey(existing.GetString("ListingId") ?? "") && !keep.ContainsKey((existing.PartitionKey, existing.RowKey)))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, existing));
            }
        }

        await TableBatches.SubmitAsync(table, actions, cancellationToken);
    }

    private static string RowKey(string listingId, string email) =>
        listingId + Separator + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())))[..32];
}
