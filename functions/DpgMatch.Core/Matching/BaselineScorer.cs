using System.Globalization;
using DpgMatch.Core.Listings;

namespace DpgMatch.Core.Matching;

/// <summary>
/// The transparent baseline: BM25 relevance of the listing's text to the need, plus agreement on SDGs,
/// sector and deployment country. Every part of the score is a reason an officer can read. The learned
/// ranker must beat this on the benchmark before it replaces it.
/// </summary>
public sealed class BaselineScorer : INeedRanker
{
    public const string ScorerName = "baseline-v1";

    public string Name => ScorerName;

    // Chosen a priori, not fitted to any benchmark: text relevance dominates, the structured fields
    // separate listings whose descriptions read alike.
    public const double LexicalWeight = 0.65;
    public const double SdgWeight = 0.15;
    public const double SectorWeight = 0.15;
    public const double CountryWeight = 0.05;

    public IReadOnlyList<ScoredListing> Rank(NeedQuery need, CatalogIndex index, int top) => Rank(need, index.Baseline, top);

    public static IReadOnlyList<ScoredListing> Rank(NeedQuery need, Bm25Index index, int top)
    {
        // The title says what is bought, so its words count twice.
        var terms = Bm25Index.QueryTerms([need.Title, need.Title, need.Description, need.Sector, .. need.Constraints, .. need.ItemTexts]);
        var hits = index.Score(terms);
        var best = hits.Length == 0 ? 0 : hits.Max(h => h.Score);

        var scored = new List<ScoredListing>(index.Listings.Count);
        for (var i = 0; i < index.Listings.Count; i++)
        {
            scored.Add(Score(need, index.Listings[i], hits[i], best));
        }

        return scored
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.ListingId, StringComparer.Ordinal)
            .Take(top)
            .ToArray();
    }

    private static ScoredListing Score(NeedQuery need, Listing listing, LexicalHit hit, double best)
    {
        var reasons = new List<MatchReason>();

        var lexical = best > 0 ? hit.Score / best : 0;
        if (lexical > 0)
        {
            var words = string.Join(", ", hit.Terms.Take(4).Select(t => $"'{t}'"));
            reasons.Add(new MatchReason("text", $"matches {words}", Round(LexicalWeight * lexical)));
        }

        var sharedSdgs = listing.Sdgs.Select(s => s.Number).Intersect(need.Sdgs).Order().ToArray();
        var sdg = need.Sdgs.Count == 0 ? 0 : (double)sharedSdgs.Length / need.Sdgs.Count;
        if (sharedSdgs.Length > 0)
        {
            var list = string.Join(", ", sharedSdgs.Select(s => s.ToString(CultureInfo.InvariantCulture)));
            reasons.Add(new MatchReason("sdg", $"covers SDG {list}", Round(SdgWeight * sdg)));
        }

        var sector = need.Sector is { } s2 && listing.Sectors.Any(x => SameSector(x, s2)) ? 1.0 : 0.0;
        if (sector > 0)
        {
            reasons.Add(new MatchReason("sector", $"works in the {need.Sector} sector", Round(SectorWeight * sector)));
        }

        var country = need.Country is { } c && listing.DeploymentCountries.Contains(c, StringComparer.OrdinalIgnoreCase) ? 1.0 : 0.0;
        if (country > 0)
        {
            reasons.Add(new MatchReason("country", $"deployed in {need.Country}", Round(CountryWeight * country)));
        }

        var score = (LexicalWeight * lexical) + (SdgWeight * sdg) + (SectorWeight * sector) + (CountryWeight * country);
        return new ScoredListing(
            listing.Id,
            listing.Name,
            Round(score),
            reasons.OrderByDescending(r => r.Contribution).ToArray());
    }

    private static bool SameSector(string listingSector, string needSector) =>
        string.Equals(listingSector.Trim(), needSector.Trim(), StringComparison.OrdinalIgnoreCase);

    private static double Round(double value) => Math.Round(value, 4);
}
