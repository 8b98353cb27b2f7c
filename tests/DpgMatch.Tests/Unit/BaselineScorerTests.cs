using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;

namespace DpgMatch.Tests.Unit;

public sealed class BaselineScorerTests
{
    private static Listing L(string id, string description, int[] sdgs, string[] sectors, string[]? deployed = null) => new(
        id, id.ToUpperInvariant(), [], description, null, ["MIT"], sdgs.Select(s => new SdgEvidence(s, null)).ToArray(),
        sectors, ["software"], "DPG", [], [], [], deployed ?? [], null, "test");

    private static readonly Listing[] Catalogue =
    [
        L("health-reporting", "Aggregate health data reporting with dashboards for health facilities", [3], ["Health"], ["Kenya"]),
        L("school-platform", "Learning management for schools and teachers", [4], ["Education"]),
        L("farm-advice", "Advice for farmers on crops and weather", [2], ["Agriculture"]),
        L("health-lookalike", "Health records for clinics", [3], ["Health"]),
    ];

    private static NeedQuery Need(string text, int[] sdgs, string? sector = null, string? country = null) =>
        new(text, text, sector, sdgs, country, []);

    [Fact]
    public void The_listing_whose_text_matches_the_need_ranks_first()
    {
        var ranked = BaselineScorer.Rank(Need("health facility data reporting dashboards", []), new Bm25Index(Catalogue), 4);
        Assert.Equal("health-reporting", ranked[0].ListingId);
        Assert.Equal("text", ranked[0].Reasons[0].Code);
        Assert.Contains("'reporting'", ranked[0].Reasons[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Sdg_and_sector_agreement_lift_a_listing_and_are_given_as_reasons()
    {
        var withoutStructure = BaselineScorer.Rank(Need("records", []), new Bm25Index(Catalogue), 4);
        var withStructure = BaselineScorer.Rank(Need("records", [3], "Health"), new Bm25Index(Catalogue), 4);

        var before = withoutStructure.Single(s => s.ListingId == "health-reporting").Score;
        var after = withStructure.Single(s => s.ListingId == "health-reporting");
        Assert.Equal(0, before);
        Assert.True(after.Score >= BaselineScorer.SdgWeight + BaselineScorer.SectorWeight);
        Assert.Contains(after.Reasons, r => r.Text == "covers SDG 3");
        Assert.Contains(after.Reasons, r => r.Text == "works in the Health sector");
    }

    [Fact]
    public void Deployment_in_the_needs_country_is_a_reason()
    {
        var ranked = BaselineScorer.Rank(Need("health", [3], "Health", "kenya"), new Bm25Index(Catalogue), 2);
        Assert.Equal("health-reporting", ranked[0].ListingId);
        Assert.Contains(ranked[0].Reasons, r => r.Text == "deployed in kenya");
    }

    [Fact]
    public void Scores_are_bounded_and_the_order_is_deterministic()
    {
        var need = Need("nothing in common", [16]);
        var first = BaselineScorer.Rank(need, new Bm25Index(Catalogue), 4);
        var second = BaselineScorer.Rank(need, new Bm25Index(Catalogue.Reverse().ToArray()), 4);
        Assert.Equal(first.Select(s => s.ListingId), second.Select(s => s.ListingId));
        Assert.All(first, s => Assert.InRange(s.Score, 0, 1));
        Assert.Equal(["farm-advice", "health-lookalike", "health-reporting", "school-platform"], first.Select(s => s.ListingId));
    }

    [Fact]
    public void Top_limits_the_number_of_matches() =>
        Assert.Equal(2, BaselineScorer.Rank(Need("health", []), new Bm25Index(Catalogue), 2).Count);
}
