using DpgMatch.Core.Needs.Ocds;

namespace DpgMatch.Core.Needs;

public sealed record Need(
    string Id,
    string Organisation,
    string OwnerId,
    string Title,
    string Description,
    string? Sector,
    IReadOnlyList<int> Sdgs,
    string? Country,
    IReadOnlyList<string> Constraints,
    string? Buyer,
    string ContactEmail,
    NeedStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public NeedRequirements Requirements { get; init; } = NeedRequirements.None;

    /// <summary>BCP 47 tag of the language the need is written in, when known.</summary>
    public string? Language { get; init; }

    /// <summary>Where the need came from: <c>api</c> or <c>ocds</c>.</summary>
    public string Source { get; init; } = NeedSources.Api;

    public string? Ocid { get; init; }

    public IReadOnlyList<OcdsItem> Items { get; init; } = [];

    public DateTimeOffset? TenderStart { get; init; }

    public DateTimeOffset? TenderEnd { get; init; }

    /// <summary>Whether maintainers of matching DPGs may see the officer's contact address.</summary>
    public bool ShareContactWithMaintainers { get; init; }
}

public static class NeedSources
{
    public const string Api = "api";
    public const string Ocds = "ocds";
}

/// <summary>What the owning officer sees of a need.</summary>
public sealed record NeedView(
    string Id,
    string Title,
    string Description,
    string? Sector,
    IReadOnlyList<int> Sdgs,
    string? Country,
    IReadOnlyList<string> Constraints,
    string? Buyer,
    string ContactEmail,
    NeedRequirements Requirements,
    string? Language,
    string Source,
    string? Ocid,
    IReadOnlyList<OcdsItem> Items,
    DateTimeOffset? TenderStart,
    DateTimeOffset? TenderEnd,
    bool ShareContactWithMaintainers,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static NeedView From(Need need) => new(
        need.Id, need.Title, need.Description, need.Sector, need.Sdgs, need.Country, need.Constraints,
        need.Buyer, need.ContactEmail, need.Requirements, need.Language, need.Source, need.Ocid, need.Items,
        need.TenderStart, need.TenderEnd, need.ShareContactWithMaintainers, need.Status.ToApi(), need.CreatedAt, need.UpdatedAt);
}

public sealed record NeedList(IReadOnlyList<NeedView> Items);

public sealed record OcdsImportItem(string Ocid, string Id, string Status, bool Created);

public sealed record OcdsImportResult(IReadOnlyList<OcdsImportItem> Items, IReadOnlyList<string> Problems);
