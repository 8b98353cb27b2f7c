namespace DpgMatch.Core.Matching;

/// <summary>Ranks the catalogue for one need. Scores are comparable only within one need.</summary>
public interface INeedRanker
{
    string Name { get; }

    /// <summary>Brings the ranker up to date before ranking, such as loading a newly promoted model; ranking itself stays synchronous.</summary>
    ValueTask PrepareAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    IReadOnlyList<ScoredListing> Rank(NeedQuery need, CatalogIndex index, int top);
}
