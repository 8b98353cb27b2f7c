using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Ranking;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.Unit;

public sealed class RankingTests
{
    private static Listing L(string id, string description, int[] sdgs, string[] sectors, string[] deployed, string[]? licences = null, string stage = "DPG") => new(
        id, id.ToUpperInvariant(), [], description, null, licences ?? ["MIT"], sdgs.Select(s => new SdgEvidence(s, null)).ToArray(),
        sectors, ["software"], stage, [], [], [], deployed, null, "test");

    private static readonly Listing[] Catalogue =
    [
        L("health-reporting", "Aggregate health data reporting with dashboards for health facilities", [3], ["Health"], ["Kenya"]),
        L("school-platform", "Learning management for schools and teachers", [4], ["Education"], ["Uganda"]),
        L("farm-advice", "Advice for farmers on crops and weather", [2], ["Agriculture"], ["Peru"], ["CC-BY-NC-SA-4.0"]),
        L("clinic-records", "Health records for clinics and hospitals", [3], ["Health"], ["Uganda"], ["GPL-3.0"], "nominee"),
    ];

    private static readonly NeedQuery Need = new("Health facility reporting", "Health facilities report data to dashboards", "Health", [3], "Kenya", []);

    [Fact]
    public void There_is_one_definition_for_every_feature_and_names_are_unique()
    {
        Assert.Equal(Features.Count, Features.All.Count);
        Assert.Equal(Features.All.Count, Features.All.Select(f => f.Name).Distinct().Count());
    }

    [Fact]
    public void Features_say_what_the_listing_shares_with_the_need()
    {
        var embedder = new HashingEmbedder();
        var vectors = embedder.Embed(Catalogue.Select(EmbeddingTexts.Of).ToArray());
        using var lexical = new Bm25Retriever(Catalogue.Select(ListingText.From), Bm25FieldWeights.Default);
        var candidates = CandidateFeaturizer.Featurize(Need, NeedEmbedding.Of(Need, embedder), Catalogue, lexical, vectors, id => Array.FindIndex(Catalogue, l => l.Id == id));

        float F(string listing, string feature) =>
            candidates.Single(c => Catalogue[c.Position].Id == listing).Features[Features.All.Select((f, i) => (f.Name, i)).Single(x => x.Name == feature).i];

        Assert.Equal(1, F("health-reporting", "sdg_share"));
        Assert.Equal(1, F("health-reporting", "sector"));
        Assert.Equal(1, F("health-reporting", "deployed_country"));
        Assert.Equal(1, F("health-reporting", "bm25"));
        Assert.Equal(0, F("clinic-records", "deployed_country"));
        Assert.Equal(1, F("clinic-records", "deployed_region"));
        Assert.Equal(0, F("clinic-records", "dpg_stage"));
        Assert.Equal(0, F("school-platform", "sdg_share"));
        Assert.Equal(0, F("farm-advice", "osi_licence"));

        // The best lexical match stands out from the rest, and the prior is the baseline's mix of what it shares.
        Assert.True(F("health-reporting", "bm25_z") > 0);
        Assert.True(F("health-reporting", "bm25_z") > F("school-platform", "bm25_z"));
        Assert.Equal(1f, F("health-reporting", "prior"), 5);
        Assert.Equal(0f, candidates.Max(c => c.Features[Features.All.Select(f => f.Name).ToList().IndexOf("title_similarity_gap")]), 5);
        Assert.True(F("health-reporting", "coverage") > F("school-platform", "coverage"));
        Assert.All(candidates, c => Assert.InRange(c.Features[Features.All.Select(f => f.Name).ToList().IndexOf("coverage")], 0f, 1f));

        // The most evident candidate is its own anchor; every other listing is at most as like it as it is itself.
        Assert.Equal(1f, F("health-reporting", "anchor_similarity"), 4);
        Assert.All(candidates, c => Assert.True(c.Features[Features.All.Select(f => f.Name).ToList().IndexOf("anchor_similarity")] <= 1.0001f));
        Assert.All(candidates, c => Assert.Equal(Features.Count, c.Features.Length));
    }

    [Fact]
    public void Similarity_ranks_count_every_more_similar_listing_in_the_catalogue()
    {
        var random = new Random(4);
        var catalogue = Enumerable.Range(0, 500).Select(i => L($"l{i}", $"listing number {i}", [3], ["Health"], [])).ToArray();
        var vectors = catalogue.Select(_ => Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var needVector = Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray();
        using var lexical = new Bm25Retriever(catalogue.Select(ListingText.From), Bm25FieldWeights.Default);

        var candidates = CandidateFeaturizer.Featurize(Need with { Title = "listing 7", Description = "listing number 7" }, new NeedEmbedding(needVector, needVector), catalogue, lexical, vectors, id => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture));

        var similarities = vectors.Select(v => EmbeddingTexts.Dot(needVector, v)).ToArray();
        Assert.True(candidates.Count >= 100);
        Assert.All(candidates, c => Assert.Equal(1 + similarities.Count(s => s > similarities[c.Position]), c.Signals.SimilarityRank));
    }

    [Fact]
    public void Hard_requirements_remove_listings_that_cannot_serve()
    {
        var need = Need with { Requirements = new NeedRequirements(OsiApprovedLicence: true, CommercialReuse: true) };
        Assert.False(CandidateFeaturizer.Satisfies(need, Catalogue[2]));
        Assert.True(CandidateFeaturizer.Satisfies(need, Catalogue[0]));
        Assert.False(CandidateFeaturizer.Satisfies(Need with { Requirements = new NeedRequirements(Types: ["data"]) }, Catalogue[0]));
    }

    [Theory]
    [InlineData("Kenya", "Eastern Africa")]
    [InlineData("VietNam", "South-eastern Asia")]
    [InlineData("Czechia (Czech Republic)", "Eastern Europe")]
    [InlineData("Congo (Congo-Brazzaville)", "Middle Africa")]
    [InlineData("Atlantis", null)]
    public void Countries_map_to_their_UN_subregion(string country, string? region) => Assert.Equal(region, Countries.Region(country));

    [Fact]
    public void Licences_are_judged_by_their_SPDX_ids()
    {
        Assert.True(Licences.AllOsiApproved(["MIT", "AGPL-3.0"]));
        Assert.False(Licences.AllOsiApproved(["CC-BY-4.0"]));
        Assert.False(Licences.AllowCommercialReuse(["CC-BY-NC-SA-4.0"]));
        Assert.True(Licences.AllowCommercialReuse(["CC-BY-SA-4.0"]));
    }

    [Fact]
    public void Training_twice_with_the_same_seed_gives_the_same_scores()
    {
        var groups = SyntheticGroups(seed: 7);
        var first = RankerTrainer.Train(groups, new TrainingOptions(Seed: 11, Trees: 40, MinimumExamplesPerLeaf: 2), "a", "synthetic");
        var second = RankerTrainer.Train(groups, new TrainingOptions(Seed: 11, Trees: 40, MinimumExamplesPerLeaf: 2), "b", "synthetic");
        var probe = groups[0].Features;
        Assert.Equal(first.Score(probe), second.Score(probe));
    }

    [Fact]
    public void A_saved_model_loads_with_identical_scores_and_its_manifest()
    {
        var groups = SyntheticGroups(seed: 3);
        float[] vector = [0.6f, 0.8f, 0f];
        var served = new ServedNeeds([new ServedNeed("w-1", ["a", "b"], vector), new ServedNeed("w-2", ["b"], [0f, 0f, 1f])]);
        var model = RankerTrainer.Train(groups, new TrainingOptions(Seed: 5, Trees: 30, MinimumExamplesPerLeaf: 2), "v1", "synthetic", served);
        using var modelStream = new MemoryStream();
        using var manifestStream = new MemoryStream();
        model.Save(modelStream, manifestStream);
        modelStream.Position = 0;
        manifestStream.Position = 0;

        var loaded = RankerModel.Load(modelStream, manifestStream);

        Assert.Equal(model.Score(groups[1].Features), loaded.Score(groups[1].Features));
        Assert.Equal("v1", loaded.Manifest.Version);
        Assert.Equal(Features.SchemaHash, loaded.Manifest.FeatureSchemaHash);
        Assert.Equal(5, loaded.Manifest.Seed);

        // The served needs travel inside the model's file, at half precision.
        Assert.Equal(["w-1", "w-2"], loaded.Served.Needs.Select(n => n.Id));
        Assert.Equal(["a", "b"], loaded.Served.Needs[0].Listings);
        Assert.True(loaded.Served.TryGetSimilarity("b", vector, null, out var best));
        Assert.Equal(1f, best, 3);
        Assert.True(loaded.Served.TryGetSimilarity("b", vector, "w-1", out var other));
        Assert.Equal(0f, other, 3);
        Assert.False(loaded.Served.TryGetSimilarity("c", vector, null, out var none));
        Assert.Equal(0f, none);
    }

    [Fact]
    public void A_model_of_another_feature_schema_is_refused()
    {
        var model = RankerTrainer.Train(SyntheticGroups(seed: 1), new TrainingOptions(Trees: 10, MinimumExamplesPerLeaf: 2), "v1", "synthetic");
        Assert.Throws<InvalidDataException>(() => model.WithManifest(model.Manifest with { FeatureSchemaHash = "0000" }));
    }

    [Fact]
    public void A_trained_model_learns_to_put_the_relevant_candidate_first()
    {
        var groups = SyntheticGroups(seed: 9);
        var model = RankerTrainer.Train(groups, new TrainingOptions(Seed: 2, Trees: 60, MinimumExamplesPerLeaf: 2), "v1", "synthetic");
        var quality = ModelTraining.Evaluate(model, SyntheticGroups(seed: 10));
        Assert.True(quality.NdcgAt10 > 0.9, $"nDCG@10 {quality.NdcgAt10}");
    }

    [Fact]
    public void Metrics_match_the_reference_definitions()
    {
        var grades = new Dictionary<string, int> { ["a"] = 3, ["b"] = 1, ["c"] = 2 };
        var perfect = RankingMetrics.Evaluate(["a", "c", "b"], grades);
        var worst = RankingMetrics.Evaluate(["x", "y", "b"], grades);
        Assert.Equal(1, perfect.NdcgAt10, 6);
        Assert.Equal(1, perfect.PrecisionAt1);
        Assert.Equal(1, perfect.RecallAt10);
        Assert.Equal(0, worst.PrecisionAt1);
        Assert.Equal(0, worst.RecallAt10);
        Assert.True(worst.NdcgAt10 is > 0 and < 0.2);
    }

    /// <summary>Groups where one feature (similarity) reveals the relevant candidate, plus noise elsewhere.</summary>
    private static List<TrainingGroup> SyntheticGroups(int seed)
    {
        var random = new Random(seed);
        var groups = new List<TrainingGroup>();
        for (var g = 0; g < 40; g++)
        {
            var features = new List<float[]>();
            var grades = new List<int>();
            for (var c = 0; c < 15; c++)
            {
                var grade = c == 0 ? 3 : c < 3 ? 1 : 0;
                var f = Enumerable.Range(0, Features.Count).Select(_ => (float)random.NextDouble()).ToArray();
                f[3] = (grade / 3f) + ((float)random.NextDouble() * 0.2f);
                features.Add(f);
                grades.Add(grade);
            }

            groups.Add(new TrainingGroup($"g{g}", features, grades));
        }

        return groups;
    }
}
