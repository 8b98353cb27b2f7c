using DpgMatch.Core.Needs;

namespace DpgMatch.Core.Matching;

/// <summary>What a scorer may read of a need.</summary>
public sealed record NeedQuery(
    string Title,
    string Description,
    string? Sector,
    IReadOnlyList<int> Sdgs,
    string? Country,
    IReadOnlyList<string> Constraints)
{
    public static NeedQuery From(Need need) =>
        new(need.Title, need.Description, need.Sector, need.Sdgs, need.Country, need.Constraints);
}
