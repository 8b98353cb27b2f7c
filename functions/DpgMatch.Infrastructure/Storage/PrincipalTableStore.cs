using Azure.Data.Tables;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Messaging;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>Principals keyed by the hash of their API key: authentication is one point read.</summary>
public sealed class PrincipalTableStore(TableClient table) : IPrincipalStore
{
    public async Task AddAsync(PrincipalRecord principal, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition(principal.KeyHash), principal.KeyHash)
        {
            ["Id"] = principal.Id,
            ["Role"] = principal.Role.ToString(),
            ["Organisation"] = principal.Organisation,
            ["Email"] = principal.Email,
            ["CreatedAt"] = principal.CreatedAt,
        };
        JsonColumns.Write(entity, "Listings", principal.Listings, DpgMatchJson.Default.IReadOnlyListString);
        await table.AddEntityAsync(entity, cancellationToken);
    }

    public async Task<PrincipalRecord?> FindByKeyHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition(keyHash), keyHash, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var e = response.Value!;
        return new PrincipalRecord(
            Id: e.GetString("Id"),
            KeyHash: e.RowKey,
            Role: Enum.Parse<Role>(e.GetString("Role")),
            Organisation: e.GetString("Organisation"),
            Email: e.GetString("Email"),
            Listings: JsonColumns.Read(e, "Listings", DpgMatchJson.Default.IReadOnlyListString),
            CreatedAt: e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue);
    }

    private static string Partition(string keyHash) => keyHash[..4];
}
