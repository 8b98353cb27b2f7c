using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;

namespace DpgMatch.Core.Ranking;

/// <summary>One feature of a (need, listing) pair: its name, definition and range, as docs/features.md lists them.</summary>
public sealed record FeatureDefinition(string Name, string Definition, string Range);

/// <summary>What retrieval found for one candidate listing of a need.</summary>
public sealed record CandidateSignals(int Position, float Bm25, int Bm25Rank, float TitleBm25, float Similarity, int SimilarityRank, float TitleSimilarity, float Coverage, float TitleCoverage)
{
    /// <summary>How alike this listing is to the need's most evident candidate (see <see cref="CandidateFeaturizer"/>).</summary>
    public float AnchorSimilarity { get; init; }

    /// <summary>How alike the need is to the needs this listing was judged to serve (see <see cref="ServedNeeds"/>).</summary>
    public float ServedSimilarity { get; init; }

    /// <summary>Whether the listing has any served need to compare with.</summary>
    public bool Served { get; init; }
}

/// <summary>What the features compare a candidate with: the best and the spread of each retrieval signal over the need's candidates.</summary>
public sealed record CandidateContext(float BestBm25, float MeanBm25, float SpreadBm25, float BestTitleBm25, float BestSimilarity, float MeanSimilarity, float SpreadSimilarity, float BestTitleSimilarity)
{
    public float BestServedSimilarity { get; init; }

    public static CandidateContext Of(IReadOnlyList<CandidateSignals> signals)
    {
        var (meanBm25, spreadBm25) = MeanAndSpread(signals.Select(s => s.Bm25));
        var (meanSimilarity, spreadSimilarity) = MeanAndSpread(signals.Select(s => s.Similarity));
        return new CandidateContext(
            signals.Max(s => s.Bm25), meanBm25, spreadBm25, signals.Max(s => s.TitleBm25),
            signals.Max(s => s.Similarity), meanSimilarity, spreadSimilarity, signals.Max(s => s.TitleSimilarity))
        {
            BestServedSimilarity = signals.Max(s => s.ServedSimilarity),
        };
    }

    private static (float Mean, float Spread) MeanAndSpread(IEnumerable<float> values)
    {
        var all = values.ToArray();
        var mean = all.Average();
        var spread = (float)Math.Sqrt(all.Average(v => (v - mean) * (v - mean)));
        return (mean, spread);
    }

    /// <summary>The candidate's BM25F score in standard deviations above the need's mean; 0 when all score alike.</summary>
    public float Bm25Z(CandidateSignals signals) => Z(signals.Bm25, MeanBm25, SpreadBm25);

    /// <summary>The candidate's similarity in standard deviations above the need's mean; 0 when all are alike.</summary>
    public float SimilarityZ(CandidateSignals signals) => Z(signals.Similarity, MeanSimilarity, SpreadSimilarity);

    private static float Z(float value, float mean, float spread) => spread > 0 ? (value - mean) / spread : 0;
}

/// <summary>
/// The features the ranking model reads. Their order is the model's input schema: changing it changes the
/// schema hash, and a model trained on another schema is refused at load.
/// </summary>
public static class Features
{
    public static readonly IReadOnlyList<FeatureDefinition> All =
    [
        new("bm25", "BM25F score of the need's text against the listing, divided by the best score for this need", "0..1"),
        new("bm25_rank", "1 / the listing's rank in BM25 retrieval; 0 when BM25 did not retrieve it", "0..1"),
        new("title_bm25", "BM25F score of the need's title alone, divided by the best for this need", "0..1"),
        new("similarity", "cosine similarity of the MiniLM embeddings of the need and the listing", "-1..1"),
        new("similarity_gap", "similarity minus the best similarity among this need's candidates", "-2..0"),
        new("similarity_rank", "1 / the listing's rank by similarity", "0..1"),
        new("sdg_share", "share of the need's SDGs the listing covers; 0 when the need names none", "0..1"),
        new("sdg_any", "1 when the listing covers at least one of the need's SDGs", "0/1"),
        new("sector", "1 when the listing works in the need's sector", "0/1"),
        new("sector_given", "1 when the need names a sector", "0/1"),
        new("software", "1 when the listing is software", "0/1"),
        new("osi_licence", "1 when every licence of the listing is OSI approved", "0/1"),
        new("deployed_country", "1 when the listing is deployed in the need's country", "0/1"),
        new("developed_country", "1 when the listing is developed in the need's country", "0/1"),
        new("deployed_region", "1 when the listing is deployed in the need's UN sub-region", "0/1"),
        new("country_given", "1 when the need names a country", "0/1"),
        new("deployment_breadth", "log(1 + countries the listing is deployed in) / log(250)", "0..1"),
        new("dpg_stage", "1 when the listing is a recognised DPG, 0 when only a nominee", "0/1"),
        new("privacy_compliant", "1 when the DPG Standard screening says the listing is privacy compliant", "0/1"),
        new("supports_standards", "1 when the screening says the listing supports open standards", "0/1"),
        new("name_mentioned", "1 when the need names the listing or one of its aliases", "0/1"),
        new("bm25_z", "the BM25F score in standard deviations above the mean of this need's candidates", "about -1..10"),
        new("similarity_z", "the embedding similarity in standard deviations above the mean of this need's candidates", "about -4..6"),
        new("title_similarity", "cosine similarity of the MiniLM embeddings of the need's title alone and the listing", "-1..1"),
        new("title_similarity_gap", "title_similarity minus the best among this need's candidates", "-2..0"),
        new("prior", "the baseline's fixed mix of these signals: 0.65 bm25 + 0.15 sdg_share + 0.15 sector + 0.05 deployed_country", "0..1"),
        new("description_length", "log(1 + words in the listing's description) / log(1000)", "0..about 1.2"),
        new("listing_sdgs", "the number of SDGs the listing claims, divided by 17", "0..1"),
        new("coverage", "share of the need's distinct words the listing contains, each weighted by its idf", "0..1"),
        new("title_coverage", "share of the title's distinct words the listing contains, each weighted by its idf", "0..1"),
        new("anchor_similarity", "cosine similarity of the listing's embedding to that of the need's most evident candidate (highest bm25_z + similarity_z)", "-1..1"),
        new("served_similarity", "the highest cosine similarity of the need's embedding to a need the listing was judged to serve (grade 2 or 3) in the model's training data; 0 when it has none", "-1..1"),
        new("served_similarity_gap", "served_similarity minus the best among this need's candidates", "-2..0"),
        new("served", "1 when the listing has a need it was judged to serve in the model's training data", "0/1"),
    ];

    /// <summary>The width of the model's feature vector; a test keeps it equal to the number of definitions.</summary>
    public const int Count = 34;

    /// <summary>Identifies the schema; stored in a model's manifest and checked when it is loaded.</summary>
    public static string SchemaHash { get; } = Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", All.Select(f => f.Name)))))[..16];

    public static float[] Compute(NeedQuery need, Listing listing, CandidateSignals signals, CandidateContext context, string needText)
    {
        var sdgs = listing.Sdgs.Select(s => s.Number).ToHashSet();
        var shared = need.Sdgs.Count(sdgs.Contains);
        var needCountry = Countries.Canonical(need.Country);
        var needRegion = Countries.Region(need.Country);
        var bm25 = context.BestBm25 > 0 ? signals.Bm25 / context.BestBm25 : 0;
        var sdgShare = need.Sdgs.Count == 0 ? 0 : (float)shared / need.Sdgs.Count;
        var sector = need.Sector is { } s && listing.Sectors.Any(x => string.Equals(x, s, StringComparison.OrdinalIgnoreCase)) ? 1 : 0;
        var deployed = needCountry is not null && listing.DeploymentCountries.Any(c => Countries.Same(c, needCountry)) ? 1 : 0;
        return
        [
            bm25,
            signals.Bm25Rank > 0 ? 1f / signals.Bm25Rank : 0,
            context.BestTitleBm25 > 0 ? signals.TitleBm25 / context.BestTitleBm25 : 0,
            signals.Similarity,
            signals.Similarity - context.BestSimilarity,
            signals.SimilarityRank > 0 ? 1f / signals.SimilarityRank : 0,
            sdgShare,
            shared > 0 ? 1 : 0,
            sector,
            need.Sector is null ? 0 : 1,
            listing.Types.Contains("software", StringComparer.OrdinalIgnoreCase) ? 1 : 0,
            Licences.AllOsiApproved(listing.Licenses) ? 1 : 0,
            deployed,
            needCountry is not null && listing.DevelopmentCountries.Any(c => Countries.Same(c, needCountry)) ? 1 : 0,
            needRegion is not null && listing.DeploymentCountries.Any(c => Countries.Region(c) == needRegion) ? 1 : 0,
            needCountry is null ? 0 : 1,
            (float)(Math.Log(1 + listing.DeploymentCountries.Count) / Math.Log(250)),
            string.Equals(listing.Stage, "DPG", StringComparison.OrdinalIgnoreCase) ? 1 : 0,
            string.Equals(listing.Standard?.PrivacyCompliant, "Yes", StringComparison.OrdinalIgnoreCase) ? 1 : 0,
            string.Equals(listing.Standard?.SupportsStandards, "Yes", StringComparison.OrdinalIgnoreCase) ? 1 : 0,
            Mentions(needText, listing) ? 1 : 0,
            context.Bm25Z(signals),
            context.SimilarityZ(signals),
            signals.TitleSimilarity,
            signals.TitleSimilarity - context.BestTitleSimilarity,
            ((float)BaselineScorer.LexicalWeight * bm25) + ((float)BaselineScorer.SdgWeight * sdgShare) + ((float)BaselineScorer.SectorWeight * sector) + ((float)BaselineScorer.CountryWeight * deployed),
            (float)(Math.Log(1 + WordCount(listing.Description)) / Math.Log(1000)),
            sdgs.Count / 17f,
            signals.Coverage,
            signals.TitleCoverage,
            signals.AnchorSimilarity,
            signals.ServedSimilarity,
            signals.ServedSimilarity - context.BestServedSimilarity,
            signals.Served ? 1 : 0,
        ];
    }

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static bool Mentions(string needText, Listing listing) =>
        new[] { listing.Name }.Concat(listing.Aliases)
            .Where(n => n.Length >= 4)
            .Any(n => needText.Contains(n, StringComparison.OrdinalIgnoreCase));
}
