namespace DpgMatch.Core.Listings;

/// <summary>Everything public about a DPG. Contacts are deliberately absent: they never leave the contacts store.</summary>
public sealed record Listing(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    string Description,
    string? Website,
    IReadOnlyList<string> Licenses,
    IReadOnlyList<SdgEvidence> Sdgs,
    IReadOnlyList<string> Sectors,
    IReadOnlyList<string> Types,
    string Stage,
    IReadOnlyList<string> Repositories,
    IReadOnlyList<ListingOrganisation> Organisations,
    IReadOnlyList<string> DevelopmentCountries,
    IReadOnlyList<string> DeploymentCountries,
    IReadOnlyList<string> Standards,
    string Source);

public sealed record SdgEvidence(int Number, string? Evidence);

public sealed record ListingOrganisation(string Name, string? Website, string Role);

/// <summary>A listing with the hash of its content, so an import can tell a replay from a change.</summary>
public sealed record StoredListing(Listing Listing, string ContentHash);
