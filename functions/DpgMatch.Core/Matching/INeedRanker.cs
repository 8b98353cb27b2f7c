namespace DpgMatch.Core.Matching;

/// <summary>Ranks the catalogue for one need. Scores are comparable only within one need.</summary>
public interface INeedRanker
{
    string Name { get; }

    IReadOnlyList<ScoredListing> Rank(NeedQuery need, CatalogIndex index, int top);
}
