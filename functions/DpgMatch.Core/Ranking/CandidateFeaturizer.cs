using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;

namespace DpgMatch.Core.Ranking;

/// <summary>A candidate listing of one need and the features the model scores it on.</summary>
public sealed record Candidate(int Position, float[] Features, CandidateSignals Signals);

/// <summary>
/// Retrieval and features for one need: BM25F and embedding similarity each nominate their best listings, the
/// need's hard requirements remove what cannot serve, and every remaining candidate gets its feature vector.
/// </summary>
public static class CandidateFeaturizer
{
    public const int RetrievalDepth = 100;

    public static string QueryText(NeedQuery need) => EmbeddingTexts.Of(need) + " " + need.Sector;

    public static IReadOnlyList<Candidate> Featurize(
        NeedQuery need,
        float[] needVector,
        IReadOnlyList<Listing> listings,
        Bm25Retriever lexical,
        IReadOnlyList<float[]> vectors,
        IReadOnlySet<int>? exclude = null)
    {
        var queryText = QueryText(need);
        var bm25 = lexical.Search(queryText, RetrievalDepth).ToDictionary(h => h.Id, h => (h.Score, h.Rank), StringComparer.Ordinal);
        var title = lexical.Search(need.Title, RetrievalDepth).ToDictionary(h => h.Id, h => h.Score, StringComparer.Ordinal);

        var similarities = new float[listings.Count];
        for (var i = 0; i < listings.Count; i++)
        {
            similarities[i] = EmbeddingTexts.Dot(needVector, vectors[i]);
        }

        var bySimilarity = Enumerable.Range(0, listings.Count).OrderByDescending(i => similarities[i]).ThenBy(i => listings[i].Id, StringComparer.Ordinal).ToArray();
        var similarityRank = new int[listings.Count];
        for (var r = 0; r < bySimilarity.Length; r++)
        {
            similarityRank[bySimilarity[r]] = r + 1;
        }

        var positions = bySimilarity.Take(RetrievalDepth)
            .Concat(Enumerable.Range(0, listings.Count).Where(i => bm25.ContainsKey(listings[i].Id)))
            .Distinct()
            .Where(i => exclude is null || !exclude.Contains(i))
            .Where(i => Satisfies(need, listings[i]))
            .Order()
            .ToArray();
        if (positions.Length == 0)
        {
            return [];
        }

        var signals = positions.Select(i =>
        {
            var (score, rank) = bm25.TryGetValue(listings[i].Id, out var hit) ? hit : (0f, 0);
            return new CandidateSignals(i, score, rank, title.GetValueOrDefault(listings[i].Id), similarities[i], similarityRank[i]);
        }).ToArray();
        var bestBm25 = signals.Max(s => s.Bm25);
        var bestTitle = signals.Max(s => s.TitleBm25);
        var bestSimilarity = signals.Max(s => s.Similarity);
        return signals
            .Select(s => new Candidate(s.Position, Features.Compute(need, listings[s.Position], s, bestBm25, bestTitle, bestSimilarity, queryText), s))
            .ToArray();
    }

    /// <summary>Hard requirements: a listing that cannot meet one is not offered at all.</summary>
    public static bool Satisfies(NeedQuery need, Listing listing)
    {
        var requirements = need.Requirements;
        return (!requirements.OsiApprovedLicence || Licences.AllOsiApproved(listing.Licenses))
            && (!requirements.CommercialReuse || Licences.AllowCommercialReuse(listing.Licenses))
            && (requirements.Types is not { Count: > 0 } types || listing.Types.Any(t => types.Contains(t, StringComparer.OrdinalIgnoreCase)));
    }
}
