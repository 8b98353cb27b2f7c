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
    IReadOnlyList<ListingRepository> Repositories,
    IReadOnlyList<ListingOrganisation> Organisations,
    IReadOnlyList<string> DevelopmentCountries,
    IReadOnlyList<string> DeploymentCountries,
    DpgStandardAnswers? Standard,
    string Source);

public sealed record SdgEvidence(int Number, string? Evidence);

public sealed record ListingOrganisation(string Name, string? Website, string Role);

public sealed record ListingRepository(string? Name, string Url);

/// <summary>
/// The DPG-Standard screening answers that matter to a buyer. Answers stay as the registry gives them
/// ("Yes", "No", "Unknown", or empty) rather than being forced into booleans the registry never asserted.
/// </summary>
public sealed record DpgStandardAnswers(
    string? PlatformIndependent,
    string? MandatoryDependenciesRestrict,
    string? OpenAlternativesDescription,
    string? DocumentationAvailable,
    string? PrivacyCompliant,
    IReadOnlyList<string> PrivacyComplianceList,
    string? SupportsStandards,
    IReadOnlyList<string> Standards,
    string? CollectsPii,
    string? SharesPiiWithThirdParties,
    string? EnsuresPrivacyAndSecurity,
    string? CollectsNonPii);

/// <summary>A person or mailbox behind a listing. Kept apart from the listing and never shown publicly.</summary>
public sealed record ListingContact(string ListingId, string Name, string Email, string Organisation, string Role, string Source);

/// <summary>A stored listing: its content hash (replay or change), its ETag (concurrency), and who may change it.</summary>
public sealed record StoredListing(Listing Listing, string ContentHash, string? ETag = null, string? OwnerOrganisation = null)
{
    /// <summary>The listing's MiniLM embedding, computed when it was written so matching need not recompute it.</summary>
    public float[]? Embedding { get; init; }
}
