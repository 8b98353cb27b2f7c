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
    /// <summary>What the need buys, item by item (OCDS tenders), with the classifications' descriptions.</summary>
    public IReadOnlyList<string> ItemTexts { get; init; } = [];

    public NeedRequirements Requirements { get; init; } = NeedRequirements.None;

    public static NeedQuery From(Need need) =>
        new(need.Title, need.Description, need.Sector, need.Sdgs, need.Country, need.Constraints)
        {
            ItemTexts = need.Items
                .SelectMany(i => new[] { i.Description }.Concat(i.Classifications.Select(c => c.Description)))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .ToArray(),
            Requirements = need.Requirements,
        };
}
