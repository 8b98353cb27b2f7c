using System.Globalization;
using DpgMatch.Core.Matching;

namespace DpgMatch.Core.Ranking;

/// <summary>Hands out the ranking model currently in force; a promoted model replaces it without a restart.</summary>
public interface IRankerModelSource
{
    /// <summary>The model in force as of the last <see cref="RefreshAsync"/>.</summary>
    RankerModel Current { get; }

    /// <summary>Looks for a newly promoted model, when a look is due, and returns the model in force.</summary>
    ValueTask<RankerModel> RefreshAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Current);
}

/// <summary>
/// The learned ranker: BM25F and embedding retrieval nominate candidates, hard requirements filter them, and
/// the LambdaMART model scores the rest in one batch. Each match is explained from its features.
/// </summary>
public sealed class LearnedRanker(ITextEmbedder embedder, IRankerModelSource models) : INeedRanker
{
    public string Name => "learned:" + models.Current.Manifest.Version;

    public async ValueTask PrepareAsync(CancellationToken cancellationToken) => await models.RefreshAsync(cancellationToken);

    public IReadOnlyList<ScoredListing> Rank(NeedQuery need, CatalogIndex index, int top)
    {
        var model = models.Current;
        var candidates = CandidateFeaturizer.Featurize(need, NeedEmbedding.Of(need, embedder), index.Listings, index.Lexical, index.Vectors, index.PositionOf, model.Served);
        var scores = model.Score(candidates.Select(c => c.Features).ToArray());
        var ranked = candidates
            .Select((c, i) => (Candidate: c, Score: scores[i]))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => index.Listings[x.Candidate.Position].Id, StringComparer.Ordinal)
            .Take(top)
            .ToArray();

        var terms = index.Lexical.MatchedTerms(CandidateFeaturizer.QueryText(need), ranked.Select(r => index.Listings[r.Candidate.Position].Id));
        return ranked.Select(r =>
        {
            var listing = index.Listings[r.Candidate.Position];
            return new ScoredListing(listing.Id, listing.Name, Math.Round(r.Score, 4), Explanations.For(need, listing, r.Candidate.Features, terms.GetValueOrDefault(listing.Id) ?? []))
            {
                Features = r.Candidate.Features,
                FeatureSchema = Features.SchemaHash,
            };
        }).ToArray();
    }
}

/// <summary>Plain-words reasons from a match's features, strongest evidence first.</summary>
public static class Explanations
{
    public static IReadOnlyList<MatchReason> For(NeedQuery need, Listings.Listing listing, float[] features, IReadOnlyList<string> matchedTerms)
    {
        var f = Features.All.Select((d, i) => (d.Name, Value: features[i])).ToDictionary(x => x.Name, x => x.Value, StringComparer.Ordinal);
        var reasons = new List<MatchReason>();
        if (f["name_mentioned"] > 0)
        {
            reasons.Add(new("name", $"your need names {listing.Name}", 1));
        }

        if (f["similarity"] >= 0.3f)
        {
            reasons.Add(new("meaning", string.Create(CultureInfo.InvariantCulture, $"close in meaning to your need (similarity {f["similarity"]:0.00})"), f["similarity"]));
        }

        // Paraphrases of one need score about 0.6 and above with MiniLM; below that the likeness says little.
        if (f["served"] > 0 && f["served_similarity"] >= 0.6f)
        {
            reasons.Add(new("served", string.Create(CultureInfo.InvariantCulture, $"judged to serve needs like yours (similarity {f["served_similarity"]:0.00})"), f["served_similarity"]));
        }

        if (matchedTerms.Count > 0)
        {
            reasons.Add(new("text", "matches " + string.Join(", ", matchedTerms.Take(4).Select(t => $"'{t}'")), f["bm25"]));
        }

        var shared = listing.Sdgs.Select(s => s.Number).Intersect(need.Sdgs).Order().ToArray();
        if (shared.Length > 0)
        {
            reasons.Add(new("sdg", $"covers SDG {string.Join(", ", shared)}", f["sdg_share"]));
        }

        if (f["sector"] > 0)
        {
            reasons.Add(new("sector", $"works in the {need.Sector} sector", 1));
        }

        if (f["deployed_country"] > 0)
        {
            reasons.Add(new("country", $"deployed in {Countries.Canonical(need.Country)}", 1));
        }
        else if (f["deployed_region"] > 0)
        {
            reasons.Add(new("region", $"deployed elsewhere in {Countries.Region(need.Country)}", 0.5));
        }

        if (f["dpg_stage"] > 0)
        {
            reasons.Add(new("dpg", "a recognised Digital Public Good", 0.3));
        }

        if (need.Requirements.OsiApprovedLicence && f["osi_licence"] > 0)
        {
            reasons.Add(new("licence", $"OSI-approved licence ({string.Join(", ", listing.Licenses)})", 0.3));
        }

        return reasons;
    }
}
