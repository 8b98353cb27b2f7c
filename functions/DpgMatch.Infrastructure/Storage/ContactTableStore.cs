using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using DpgMatch.Core.Listings;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>
/// Contacts, one partition per listing, keyed by a hash of the address so the key itself reveals nothing.
/// Nothing here is ever returned by a public route.
/// </summary>
public sealed class ContactTableStore(TableClient table) : IContactStore
{
    public async Task ReplaceAsync(string listingId, IReadOnlyList<ListingContact> contacts, CancellationToken cancellationToken)
    {
        var keep = contacts.ToDictionary(c => ContactId(c.Email), StringComparer.Ordinal);
        var actions = keep.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(listingId, c.Key)
        {
            ["Name"] = c.Value.Name,
            ["Email"] = c.Value.Email,
            ["Organisation"] = c.Value.Organisation,
            ["Role"] = c.Value.Role,
            ["Source"] = c.Value.Source,

            // Imported contacts never agreed to hear from us; a maintainer's claim is what opts them in.
            ["Consent"] = "none",
        })).ToList();
        await foreach (var stale in table.QueryAsync<TableEntity>(e => e.PartitionKey == listingId, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (!keep.ContainsKey(stale.RowKey))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, stale));
            }
        }

        await TableBatches.SubmitAsync(table, actions, cancellationToken);
    }

    public async Task<IReadOnlyList<ListingContact>> ListAsync(string listingId, CancellationToken cancellationToken)
    {
        var contacts = new List<ListingContact>();
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == listingId, cancellationToken: cancellationToken))
        {
            contacts.Add(new ListingContact(listingId, e.GetString("Name"), e.GetString("Email"), e.GetString("Organisation"), e.GetString("Role"), e.GetString("Source")));
        }

        return contacts;
    }

    private static string ContactId(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())))[..32];
}
