using System.Globalization;
using Azure;
using Azure.Data.Tables;
using DpgMatch.Core.Notifications;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>Subscriptions, one partition per listing: matching reads a listing's subscribers in one query.</summary>
public sealed class SubscriptionTable(TableClient table) : ISubscriptionStore
{
    public Task UpsertAsync(Subscription subscription, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(subscription.ListingId, subscription.PrincipalId)
            {
                ["Email"] = subscription.Email,
                ["Frequency"] = subscription.Frequency,
                ["Language"] = subscription.Language,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<IReadOnlyList<Subscription>> ListAsync(string listingId, CancellationToken cancellationToken)
    {
        var subscriptions = new List<Subscription>();
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == listingId, cancellationToken: cancellationToken))
        {
            subscriptions.Add(new Subscription(listingId, e.RowKey, e.GetString("Email"), e.GetString("Frequency"), e.GetString("Language")));
        }

        return subscriptions;
    }
}

/// <summary>Emails caused per organisation and day, counted with ETag-guarded increments.</summary>
public sealed class SpendCounterTable(TableClient table) : ISpendGuard
{
    public async Task<bool> TryConsumeAsync(string organisation, DateOnly day, int cap, CancellationToken cancellationToken)
    {
        var partition = Keys.Organisation(organisation);
        var row = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        while (true)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue)
                {
                    await table.AddEntityAsync(new TableEntity(partition, row) { ["Count"] = 1 }, cancellationToken);
                    return cap >= 1;
                }

                var entity = existing.Value!;
                var count = entity.GetInt32("Count") ?? 0;
                if (count >= cap)
                {
                    return false;
                }

                entity["Count"] = count + 1;
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another send counted at the same moment: count again from what it left.
            }
        }
    }
}

/// <summary>Daily digest items, one partition per maintainer and day.</summary>
public sealed class DigestItemTable(TableClient table) : IDigestStore
{
    public Task AddAsync(string principalId, string day, DigestItem item, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity($"{principalId}|{day}", $"{item.NeedId}|{item.ListingId}")
            {
                ["Organisation"] = item.Organisation,
                ["NeedId"] = item.NeedId,
                ["ListingId"] = item.ListingId,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<IReadOnlyList<DigestItem>> ListAsync(string principalId, string day, CancellationToken cancellationToken)
    {
        var partition = $"{principalId}|{day}";
        var items = new List<DigestItem>();
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            items.Add(new DigestItem(e.GetString("Organisation"), e.GetString("NeedId"), e.GetString("ListingId")));
        }

        return items;
    }
}
