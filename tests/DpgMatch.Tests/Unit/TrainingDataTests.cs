using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Ranking;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.Unit;

/// <summary>The written training needs: how they are read, graded, split and measured.</summary>
public sealed class TrainingDataTests
{
    private static Listing L(string id, string description, int[] sdgs, string[] sectors) => new(
        id, id.ToUpperInvariant(), [], description, null, ["MIT"], sdgs.Select(s => new SdgEvidence(s, null)).ToArray(),
        sectors, ["software"], "DPG", [], [], [], ["Kenya"], null, "test");

    private static readonly Listing[] Catalogue =
    [
        L("health-reporting", "Aggregate health data reporting with dashboards for health facilities", [3], ["Health"]),
        L("school-platform", "Learning management for schools and teachers", [4], ["Education"]),
        L("farm-advice", "Advice for farmers on crops and weather", [2], ["Agriculture"]),
        L("clinic-records", "Health records for clinics and hospitals", [3], ["Health"]),
    ];

    private static readonly string[] Lines =
    [
        """{"id": "w-1", "title": "Monthly facility reports", "description": "Facilities send monthly health figures to county dashboards.", "sector": "Health", "sdgs": [3], "country": "Kenya", "constraints": ["must work offline"], "buyer": "county", "source": "health-reporting", "judgements": [{"slug": "health-reporting", "grade": 3}, {"slug": "clinic-records", "grade": 1}, {"slug": "farm-advice", "grade": 0}]}""",
        "",
        """{"id": "w-2", "title": "Courses for teachers", "description": "Teachers take courses online.", "sector": null, "sdgs": [], "country": null, "constraints": [], "source": "school-platform", "judgements": [{"slug": "school-platform", "grade": 3}], "meta": {"difficulty": "easy"}}""",
        """{"id": "w-3", "title": "Something else", "description": "Written from an entry the catalogue no longer has.", "source": "gone", "judgements": [{"slug": "gone", "grade": 3}]}""",
    ];

    [Fact]
    public void A_needs_file_gives_each_need_its_fields_and_positive_grades()
    {
        var needs = NeedsFile.Parse(Lines).ToArray();

        Assert.Equal(["w-1", "w-2", "w-3"], needs.Select(n => n.Id));
        var first = needs[0];
        Assert.Equal("Monthly facility reports", first.Need.Title);
        Assert.Equal("Health", first.Need.Sector);
        Assert.Equal([3], first.Need.Sdgs);
        Assert.Equal("Kenya", first.Need.Country);
        Assert.Equal(["must work offline"], first.Need.Constraints);
        Assert.Equal("health-reporting", first.Source);

        // A grade of 0 is what an unjudged listing gets anyway.
        Assert.Equal(new Dictionary<string, int> { ["health-reporting"] = 3, ["clinic-records"] = 1 }, first.Judgements);
        Assert.Null(needs[1].Need.Sector);
        Assert.Equal("easy", needs[1].Difficulty);
    }

    [Fact]
    public void A_need_without_an_id_is_refused_with_its_line()
    {
        var error = Assert.Throws<FormatException>(() => NeedsFile.Parse(["{}", """{"title": "x"}"""]).ToArray());
        Assert.Contains("Line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_needs_become_groups_graded_by_their_judgements_and_keyed_by_their_source()
    {
        var embedder = new HashingEmbedder();
        using var index = new CatalogIndex(Catalogue, embedder.Embed(Catalogue.Select(EmbeddingTexts.Of).ToArray()));

        var (groups, _) = WrittenNeeds.Build([.. NeedsFile.Parse(Lines)], index, embedder);

        // The need whose source left the catalogue has no right answer among the candidates: it is left out.
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.True(WrittenNeeds.IsWritten(g)));
        Assert.Equal("health-reporting", RetrainingData.ColdStartSource(groups[0].Key));
        // Every listing is a candidate in a catalogue this small, in catalogue order.
        Assert.All(groups[0].Features, f => Assert.Equal(Features.Count, f.Length));
        Assert.Equal(Catalogue.Length, groups[0].Grades.Count);
        Assert.Equal([3, 0, 0, 1], groups[0].Grades);
        Assert.Equal([0, 3, 0, 0], groups[1].Grades);
    }

    [Fact]
    public void Without_the_written_file_training_uses_the_synthetic_needs_alone()
    {
        var embedder = new HashingEmbedder();
        using var index = new CatalogIndex(Catalogue, embedder.Embed(Catalogue.Select(EmbeddingTexts.Of).ToArray()));

        var (groups, served) = TrainingSet.Build(index, embedder, Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n") + ".jsonl"), seed: 1);

        Assert.DoesNotContain(groups, WrittenNeeds.IsWritten);
        Assert.Empty(served.Needs);
    }

    [Fact]
    public void Written_needs_serve_the_listings_graded_2_or_3_and_a_need_is_never_compared_with_itself()
    {
        var embedder = new HashingEmbedder();
        using var index = new CatalogIndex(Catalogue, embedder.Embed(Catalogue.Select(EmbeddingTexts.Of).ToArray()));
        string[] lines =
        [
            Lines[0],
            """{"id": "w-4", "title": "Facility reports", "description": "Health facilities send monthly figures to dashboards.", "source": "health-reporting", "judgements": [{"slug": "health-reporting", "grade": 3}, {"slug": "clinic-records", "grade": 2}]}""",
            Lines[2],
        ];

        var (groups, served) = WrittenNeeds.Build([.. NeedsFile.Parse(lines)], index, embedder);

        // Grade 1 is not enough: clinic-records serves only the need that graded it 2.
        Assert.Equal(["w-1", "w-4", "w-2"], served.Needs.Select(n => n.Id));
        Assert.Equal(["health-reporting"], served.Needs[0].Listings);
        Assert.Equal(["clinic-records", "health-reporting"], served.Needs[1].Listings);

        var column = Features.All.Select(f => f.Name).ToList().IndexOf("served_similarity");
        var w1 = embedder.Embed([EmbeddingTexts.Of(NeedsFile.Parse([lines[0]]).Single().Need)])[0];
        var w4 = embedder.Embed([EmbeddingTexts.Of(NeedsFile.Parse([lines[1]]).Single().Need)])[0];

        // w-1 finds health-reporting through w-4 alone, and clinic-records too; w-2 is the only need of school-platform, so it finds nothing.
        Assert.Equal(EmbeddingTexts.Dot(w1, w4), groups[0].Features[0][column], 5);
        Assert.Equal(EmbeddingTexts.Dot(w1, w4), groups[0].Features[3][column], 5);
        Assert.Equal(0, groups[0].Features[2][column]);
        Assert.Equal(0, groups[2].Features[1][column]);
        Assert.True(served.TryGetSimilarity("health-reporting", w1, null, out var self));
        Assert.Equal(1, self, 3);
    }

    [Fact]
    public void The_held_out_needs_share_no_source_with_the_training_needs()
    {
        // Many needs per source, as the written file has eight per entry.
        var random = new Random(3);
        var groups = Enumerable.Range(0, 200)
            .Select(i => new TrainingGroup($"entry-{i % 40}#w{i}", [Vector(random), Vector(random)], [3, 0]))
            .ToArray();

        var (report, model) = ModelTraining.TrainWithHoldOut(groups, ServedNeeds.None, new TrainingOptions(Trees: 5, MinimumExamplesPerLeaf: 1), "t", "test");

        var heldOut = groups.Where(g => RetrainingData.IsHeldOut(RetrainingData.ColdStartSource(g.Key))).Select(g => RetrainingData.ColdStartSource(g.Key)).ToHashSet();
        var training = groups.Where(g => !RetrainingData.IsHeldOut(RetrainingData.ColdStartSource(g.Key))).Select(g => RetrainingData.ColdStartSource(g.Key)).ToHashSet();
        Assert.NotEmpty(heldOut);
        Assert.NotEmpty(training);
        Assert.Empty(heldOut.Intersect(training));
        Assert.Equal(groups.Count(g => heldOut.Contains(RetrainingData.ColdStartSource(g.Key))), model.Manifest.Metrics[ModelTraining.WrittenHeldOut].Groups);
        Assert.Contains(ModelTraining.WrittenHeldOut, report, StringComparison.Ordinal);
    }

    private static float[] Vector(Random random) => Enumerable.Range(0, Features.Count).Select(_ => (float)random.NextDouble()).ToArray();
}
