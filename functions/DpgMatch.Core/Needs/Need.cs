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
    DateTimeOffset UpdatedAt);

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
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static NeedView From(Need need) => new(
        need.Id, need.Title, need.Description, need.Sector, need.Sdgs, need.Country, need.Constraints,
        need.Buyer, need.ContactEmail, need.Status.ToString().ToLowerInvariant(), need.CreatedAt, need.UpdatedAt);
}

public sealed record NeedList(IReadOnlyList<NeedView> Items);
