namespace DpgMatch.Core.Auth;

/// <summary>An authenticated caller: who they are, which organisation they act for, and what they own.</summary>
public sealed record Principal(
    string Id,
    Role Role,
    string Organisation,
    IReadOnlyList<string> Listings,
    bool IsBootstrapAdmin = false,
    string? Email = null)
{
    public static Principal BootstrapAdmin { get; } = new("bootstrap-admin", Role.Admin, "dpgmatch", [], IsBootstrapAdmin: true);
}

/// <summary>What is stored for a principal. The API key itself is never stored, only its hash.</summary>
public sealed record PrincipalRecord(
    string Id,
    string KeyHash,
    Role Role,
    string Organisation,
    string Email,
    IReadOnlyList<string> Listings,
    DateTimeOffset CreatedAt)
{
    public Principal ToPrincipal() => new(Id, Role, Organisation, Listings, Email: Email);
}
