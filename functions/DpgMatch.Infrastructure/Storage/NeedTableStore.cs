using Azure;
using Azure.Data.Tables;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Needs;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>Needs, one partition per organisation: an officer's list is a single-partition query.</summary>
public sealed class NeedTableStore(TableClient table) : INeedStore
{
    public async Task<(Need Need, bool Created)> AddAsync(Need need, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(ToEntity(need), cancellationToken);
            return (need, true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await GetAsync(need.Organisation, need.Id, cancellationToken)
                ?? throw new InvalidOperationException($"Need '{need.Id}' conflicted but cannot be read.", ex);
            return (existing, false);
        }
    }

    public async Task<Need?> GetAsync(string organisation, string id, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Keys.Organisation(organisation), id, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task<IReadOnlyList<Need>> ListAsync(string organisation, CancellationToken cancellationToken)
    {
        var partition = Keys.Organisation(organisation);
        var needs = new List<Need>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            needs.Add(FromEntity(entity));
        }

        return needs;
    }

    public async Task<IReadOnlyList<Need>> ListMatchedAsync(int max, CancellationToken cancellationToken)
    {
        // A filtered scan across organisations; it runs once per debounced listing change, not per request.
        var matched = NeedStatus.Matched.ToString();
        var needs = new List<Need>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.GetString("Status") == matched, cancellationToken: cancellationToken))
        {
            needs.Add(FromEntity(entity));
        }

        return needs.OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id, StringComparer.Ordinal).Take(max).ToArray();
    }

    public async Task<Transition> TransitionAsync(
        string organisation, string id, Func<NeedStatus, bool> allowed, NeedStatus target, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var partition = Keys.Organisation(organisation);
        while (true)
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, id, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return new Transition(null, false);
            }

            var entity = response.Value!;
            var current = FromEntity(entity);
            if (!allowed(current.Status))
            {
                return new Transition(current, false);
            }

            // The move's own id tells a 412 caused by our own write (it committed, the answer was lost, and the
            // SDK's retry met the new ETag) from one caused by someone else's.
            var moveId = Guid.NewGuid().ToString("n");
            var patch = new TableEntity(partition, id) { ["Status"] = target.ToString(), ["UpdatedAt"] = at, ["MoveId"] = moveId };
            try
            {
                await table.UpdateEntityAsync(patch, entity.ETag, TableUpdateMode.Merge, cancellationToken);
                return new Transition(current with { Status = target, UpdatedAt = at }, true);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                var now = await table.GetEntityIfExistsAsync<TableEntity>(partition, id, cancellationToken: cancellationToken);
                if (now.HasValue && now.Value!.GetString("MoveId") == moveId)
                {
                    return new Transition(current with { Status = target, UpdatedAt = at }, true);
                }

                // Someone else moved it first: decide again from what they left.
            }
        }
    }

    private static TableEntity ToEntity(Need need)
    {
        var entity = new TableEntity(Keys.Organisation(need.Organisation), need.Id)
        {
            ["Organisation"] = need.Organisation,
            ["OwnerId"] = need.OwnerId,
            ["Title"] = need.Title,
            ["Description"] = need.Description,
            ["Sector"] = need.Sector,
            ["Country"] = need.Country,
            ["Buyer"] = need.Buyer,
            ["ContactEmail"] = need.ContactEmail,
            ["Status"] = need.Status.ToString(),
            ["CreatedAt"] = need.CreatedAt,
            ["UpdatedAt"] = need.UpdatedAt,
            ["Language"] = need.Language,
            ["Source"] = need.Source,
            ["Ocid"] = need.Ocid,
            ["TenderStart"] = need.TenderStart,
            ["TenderEnd"] = need.TenderEnd,
            ["ShareContact"] = need.ShareContactWithMaintainers,
        };
        JsonColumns.Write(entity, "Requirements", need.Requirements, DpgMatchJson.Default.NeedRequirements);
        JsonColumns.Write(entity, "Items", need.Items, DpgMatchJson.Default.IReadOnlyListOcdsItem);
        JsonColumns.Write(entity, "Sdgs", need.Sdgs, DpgMatchJson.Default.IReadOnlyListInt32);
        JsonColumns.Write(entity, "Constraints", need.Constraints, DpgMatchJson.Default.IReadOnlyListString);
        return entity;
    }

    private static Need FromEntity(TableEntity e) => new(
        Id: e.RowKey,
        Organisation: e.GetString("Organisation"),
        OwnerId: e.GetString("OwnerId"),
        Title: e.GetString("Title"),
        Description: e.GetString("Description"),
        Sector: e.GetString("Sector"),
        Sdgs: JsonColumns.Read(e, "Sdgs", DpgMatchJson.Default.IReadOnlyListInt32),
        Country: e.GetString("Country"),
        Constraints: JsonColumns.Read(e, "Constraints", DpgMatchJson.Default.IReadOnlyListString),
        Buyer: e.GetString("Buyer"),
        ContactEmail: e.GetString("ContactEmail"),
        Status: Enum.Parse<NeedStatus>(e.GetString("Status")),
        CreatedAt: e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        UpdatedAt: e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue)
    {
        Language = e.GetString("Language"),
        Source = e.GetString("Source") ?? NeedSources.Api,
        Ocid = e.GetString("Ocid"),
        TenderStart = e.GetDateTimeOffset("TenderStart"),
        TenderEnd = e.GetDateTimeOffset("TenderEnd"),
        ShareContactWithMaintainers = e.GetBoolean("ShareContact") ?? false,
        Requirements = e.ContainsKey("Requirements") ? JsonColumns.Read(e, "Requirements", DpgMatchJson.Default.NeedRequirements) : NeedRequirements.None,
        Items = e.ContainsKey("Items") ? JsonColumns.Read(e, "Items", DpgMatchJson.Default.IReadOnlyListOcdsItem) : [],
    };
}
