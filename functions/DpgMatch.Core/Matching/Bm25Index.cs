using DpgMatch.Core.Listings;

namespace DpgMatch.Core.Matching;

/// <summary>
/// BM25 over a listing's fields, each field's term counts multiplied by its weight before saturation
/// (the BM25F simplification): a word in a DPG's name says more than the same word deep in SDG evidence.
/// </summary>
public sealed class Bm25Index
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly List<Dictionary<string, double>> termFrequencies = [];
    private readonly List<double> lengths = [];
    private readonly Dictionary<string, int> documentFrequencies = new(StringComparer.Ordinal);
    private readonly double averageLength;

    public Bm25Index(IReadOnlyList<Listing> listings)
    {
        Listings = listings;
        foreach (var listing in listings)
        {
            var tf = new Dictionary<string, double>(StringComparer.Ordinal);
            double length = 0;
            foreach (var (text, weight) in Fields(listing))
            {
                foreach (var token in TextAnalyzer.Tokenize(text))
                {
                    tf[token] = tf.GetValueOrDefault(token) + weight;
                    length += weight;
                }
            }

            foreach (var term in tf.Keys)
            {
                documentFrequencies[term] = documentFrequencies.GetValueOrDefault(term) + 1;
            }

            termFrequencies.Add(tf);
            lengths.Add(length);
        }

        averageLength = lengths.Count == 0 ? 1 : Math.Max(1, lengths.Average());
    }

    public IReadOnlyList<Listing> Listings { get; }

    public static IEnumerable<(string? Text, double Weight)> Fields(Listing listing)
    {
        yield return (listing.Name, 3.0);
        foreach (var alias in listing.Aliases)
        {
            yield return (alias, 2.0);
        }

        foreach (var sector in listing.Sectors)
        {
            yield return (sector, 2.0);
        }

        yield return (listing.Description, 1.0);
        foreach (var sdg in listing.Sdgs)
        {
            yield return (sdg.Evidence, 0.5);
        }
    }

    /// <summary>Scores every listing for the query; the matched terms are kept, most informative first.</summary>
    public LexicalHit[] Score(IReadOnlyDictionary<string, int> queryTerms)
    {
        var hits = new LexicalHit[Listings.Count];
        var n = Listings.Count;
        for (var d = 0; d < n; d++)
        {
            double score = 0;
            List<(string Term, double Contribution)>? matched = null;
            var norm = K1 * (1 - B + (B * lengths[d] / averageLength));
            foreach (var (term, queryCount) in queryTerms)
            {
                if (!termFrequencies[d].TryGetValue(term, out var tf))
                {
                    continue;
                }

                var df = documentFrequencies[term];
                var idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));

                // Repeating a word in a need raises its weight, but with diminishing returns.
                var contribution = idf * (tf * (K1 + 1) / (tf + norm)) * (1 + Math.Log(queryCount));
                score += contribution;
                (matched ??= []).Add((term, contribution));
            }

            hits[d] = new LexicalHit(
                score,
                matched is null ? [] : matched.OrderByDescending(m => m.Contribution).Select(m => m.Term).ToArray());
        }

        return hits;
    }

    public static Dictionary<string, int> QueryTerms(IEnumerable<string?> texts)
    {
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var token in TextAnalyzer.Tokenize(text))
            {
                terms[token] = terms.GetValueOrDefault(token) + 1;
            }
        }

        return terms;
    }
}

public readonly record struct LexicalHit(double Score, IReadOnlyList<string> Terms);
