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

    /// <param name="served">The needs each listing was judged to serve; none when omitted.</param>
    /// <param name="excluding">A served need to leave out: the need being featurised, when it is one of them.</param>
    /// <param name="asNew">A listing to featurise as if it had no served need, as a newly added one has none.</param>
    public static IReadOnlyList<Candidate> Featurize(
        NeedQuery need,
        NeedEmbedding needVectors,
        IReadOnlyList<Listing> listings,
        Bm25Retriever lexical,
        IReadOnlyList<float[]> vectors,
        Func<string, int> positionOf,
        ServedNeeds? served = null,
        string? excluding = null,
        string? asNew = null)
    {
        served ??= ServedNeeds.None;
        var queryText = QueryText(need);
        var bm25 = lexical.Search(queryText, RetrievalDepth)
            .Select(h => (Position: positionOf(h.Id), h.Score, h.Rank))
            .Where(h => h.Position >= 0)
            .ToDictionary(h => h.Position, h => (h.Score, h.Rank));
        var title = lexical.Search(need.Title, RetrievalDepth).ToDictionary(h => h.Id, h => h.Score, StringComparer.Ordinal);

        var similarities = new float[listings.Count];
        for (var i = 0; i < listings.Count; i++)
        {
            similarities[i] = EmbeddingTexts.Dot(needVectors.Text, vectors[i]);
        }

        var positions = TopBySimilarity(similarities, RetrievalDepth)
            .Concat(bm25.Keys)
            .Distinct()
            .Where(i => Satisfies(need, listings[i]))
            .Order()
            .ToArray();
        if (positions.Length == 0)
        {
            return [];
        }

        var similarityRanks = RanksAmongAll(similarities, positions);
        var ids = positions.Select(i => listings[i].Id).ToArray();
        var coverage = lexical.Coverage(queryText, ids);
        var titleCoverage = lexical.Coverage(need.Title, ids);
        var signals = positions.Select((i, k) =>
        {
            var (score, rank) = bm25.TryGetValue(i, out var hit) ? hit : (0f, 0);
            var servedSimilarity = 0f;
            var isServed = !string.Equals(listings[i].Id, asNew, StringComparison.Ordinal)
                && served.TryGetSimilarity(listings[i].Id, needVectors.Text, excluding, out servedSimilarity);
            return new CandidateSignals(
                i, score, rank, title.GetValueOrDefault(listings[i].Id), similarities[i], similarityRanks[k], EmbeddingTexts.Dot(needVectors.Title, vectors[i]),
                coverage.GetValueOrDefault(listings[i].Id), titleCoverage.GetValueOrDefault(listings[i].Id))
            {
                Served = isServed,
                ServedSimilarity = servedSimilarity,
            };
        }).ToArray();
        var context = CandidateContext.Of(signals);

        // Listings like the one the need most evidently asks for tend to serve it too, whatever words they use.
        var anchor = signals.MaxBy(s => context.Bm25Z(s) + context.SimilarityZ(s))!.Position;
        signals = [.. signals.Select(s => s with { AnchorSimilarity = EmbeddingTexts.Dot(vectors[s.Position], vectors[anchor]) })];
        return signals
            .Select(s => new Candidate(s.Position, Features.Compute(need, listings[s.Position], s, context, queryText), s))
            .ToArray();
    }

    /// <summary>The k most similar listings, with a bounded heap rather than a sort of the whole catalogue.</summary>
    private static int[] TopBySimilarity(float[] similarities, int k)
    {
        var heap = new PriorityQueue<int, float>(k + 1);
        for (var i = 0; i < similarities.Length; i++)
        {
            heap.Enqueue(i, similarities[i]);
            if (heap.Count > k)
            {
                heap.Dequeue();
            }
        }

        return heap.UnorderedItems.Select(x => x.Element).ToArray();
    }

    /// <summary>
    /// Each candidate's rank by similarity among all listings (1 + how many are more similar), in one pass over
    /// the catalogue with a binary search into the candidates' sorted similarities.
    /// </summary>
    private static int[] RanksAmongAll(float[] similarities, int[] candidates)
    {
        var sorted = candidates.Select(c => similarities[c]).Order().ToArray();
        var above = new int[sorted.Length + 1];
        foreach (var similarity in similarities)
        {
            // How many candidate similarities are strictly below this listing's: each of those has it above.
            var lower = Array.BinarySearch(sorted, similarity);
            if (lower < 0)
            {
                lower = ~lower;
            }
            else
            {
                while (lower > 0 && sorted[lower - 1] == similarity)
                {
                    lower--;
                }
            }

            above[lower]++;
        }

        // above[j] counts listings more similar than exactly the candidates below sorted position j.
        var moreSimilar = new int[sorted.Length];
        var running = 0;
        for (var j = sorted.Length; j >= 1; j--)
        {
            running += above[j];
            moreSimilar[j - 1] = running;
        }

        return candidates.Select(c =>
        {
            var j = Array.BinarySearch(sorted, similarities[c]);
            while (j + 1 < sorted.Length && sorted[j + 1] == similarities[c])
            {
                j++;
            }

            return 1 + moreSimilar[j];
        }).ToArray();
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
