using System.Globalization;
using DpgMatch.Core.Matching;

namespace DpgMatch.Tests.Unit;

public sealed class Bm25RetrieverTests : IDisposable
{
    private static readonly ListingText[] Catalogue =
    [
        new("dhis2", "DHIS2", ["District Health Information System 2"],
            "A platform for collecting, analysing and sharing aggregate health data for district-level management.",
            ["Health"], ["Used by national health authorities for disease programmes."]),
        new("opencrvs", "OpenCRVS", ["Open Civil Registration and Vital Statistics"],
            "Open-source software for civil registration of births and deaths, designed for low resource settings.",
            [], ["Every child's birth registered gives access to health care and schooling."]),
        new("kobo", "KoboToolbox", [],
            "Survey and data collection forms that work offline on mobile phones in the field.",
            ["Humanitarian"], ["Health facility assessments in emergencies."]),
        new("sistema", "Sistema de Informacion", [],
            "Plataforma de informacion para municipios.",
            ["Governance"], []),
        new("facilities", "Registry", [],
            "A master list of health facilities with their services and locations.",
            ["Health"], []),
    ];

    private readonly Bm25Retriever retriever = new(Catalogue, Bm25FieldWeights.Default);

    public void Dispose() => retriever.Dispose();

    [Fact]
    public void Hits_come_best_first_with_ranks_from_one_and_no_more_than_asked()
    {
        var hits = retriever.Search("district health information offline data collection", 3);

        Assert.Equal(3, hits.Count);
        Assert.Equal([1, 2, 3], hits.Select(h => h.Rank));
        Assert.True(hits[0].Score >= hits[1].Score && hits[1].Score >= hits[2].Score);
        Assert.Equal("dhis2", hits[0].Id);
    }

    [Fact]
    public void Coverage_is_the_idf_weighted_share_of_the_needs_words_a_listing_contains()
    {
        var coverage = retriever.Coverage("births deaths registration", ["opencrvs", "dhis2", "unknown"]);

        Assert.Equal(1f, coverage["opencrvs"], 5);
        Assert.Equal(0f, coverage["dhis2"], 5);
        Assert.False(coverage.ContainsKey("unknown"));

        // "health" is in four listings and "offline" in one: having the rare word covers more of the need.
        var mixed = retriever.Coverage("health offline", ["kobo", "facilities"]);
        Assert.Equal(1f, mixed["kobo"], 5);
        Assert.InRange(mixed["facilities"], 0.01f, 0.5f);
        Assert.Equal(0f, retriever.Coverage("the and of", ["kobo"])["kobo"]);
    }

    [Fact]
    public void Plural_and_accented_words_meet_their_singular_unaccented_forms()
    {
        Assert.Equal("opencrvs", retriever.Search("birth and death registrations", 1).Single().Id);
        Assert.Equal("sistema", retriever.Search("sistema de información", 1).Single().Id);
        Assert.Equal("sistema", retriever.Search("sistema de informacio\u0301n", 1).Single().Id);
        Assert.Equal("facilities", retriever.Search("a list of every health facility", 1).Single().Id);
    }

    [Fact]
    public void Field_weights_decide_between_a_word_in_the_name_and_the_same_word_in_SDG_evidence()
    {
        ListingText[] catalogue =
        [
            new("named", "Malaria Tracker", [], "Case reporting for clinics.", [], []),
            new("evidenced", "Field Notes", [], "Case reporting for clinics.", [], ["Malaria case reporting in endemic districts."]),
        ];

        using var byDefault = new Bm25Retriever(catalogue, Bm25FieldWeights.Default);
        using var evidenceFirst = new Bm25Retriever(catalogue, new Bm25FieldWeights(Name: 0.5f, Aliases: 0.5f, Sectors: 0.5f, Description: 0.5f, SdgEvidence: 10f));

        Assert.Equal(["named", "evidenced"], byDefault.Search("malaria", 10).Select(h => h.Id));
        Assert.Equal(["evidenced", "named"], evidenceFirst.Search("malaria", 10).Select(h => h.Id));
    }

    [Theory]
    [InlineData("title: (\"health\" AND records*) OR -facility: [a TO z] {x} ~2 ^3 \\ / && || ! ?")]
    [InlineData("health:data")]
    [InlineData("\"unterminated phrase health")]
    [InlineData("*:* health")]
    [InlineData("AND health OR NOT")]
    [InlineData("requirements:health,offline")]
    [InlineData("\uD800health\uDFFF")]
    public void Query_syntax_in_a_need_is_only_text(string need)
    {
        var hits = retriever.Search(need, 10);

        Assert.NotEmpty(hits);
        Assert.Contains(hits, h => h.Id == "dhis2");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("AND OR NOT")]
    [InlineData("the of and with which")]
    [InlineData("unheardofword")]
    public void A_need_with_no_indexed_word_finds_nothing(string need) =>
        Assert.Empty(retriever.Search(need, 10));

    [Fact]
    public void A_need_with_thousands_of_distinct_words_neither_throws_nor_loses_its_rare_words()
    {
        var words = Enumerable.Range(0, 3000).Select(i => string.Create(CultureInfo.InvariantCulture, $"w{i:D4}")).ToArray();
        ListingText[] catalogue =
        [
            .. Catalogue,
            new("wordy", "Wordy", [], string.Join(' ', words), [], []),
            new("wordier", "Wordier", [], string.Join(' ', words), [], []),
            new("rare", "Zanzibar", [], "zanzibar spice routes", [], []),
        ];
        using var wide = new Bm25Retriever(catalogue, Bm25FieldWeights.Default);

        // Every word is in the index, so only the cap stands between this need and BooleanQuery's clause limit;
        // "zanzibar" is in one listing, the others in two, so it is among the rarest terms the cap keeps.
        var hits = wide.Search(string.Join(' ', words) + " zanzibar", 10);

        Assert.Contains(hits, h => h.Id == "rare");
        Assert.Contains(hits, h => h.Id == "wordy");
    }

    [Fact]
    public void Matched_terms_are_the_analysed_need_words_each_listing_contains()
    {
        const string Need = "Health facilities registry with offline forms";
        var terms = retriever.MatchedTerms(Need, ["facilities", "kobo", "opencrvs", "not-a-listing"]);

        Assert.Equal(["facilities", "kobo", "opencrvs"], terms.Keys.Order(StringComparer.Ordinal));

        // Rarest first: "registry" is in one listing, "facility" in two, "health" in four.
        Assert.Equal(["registry", "facility", "health"], terms["facilities"]);
        Assert.Equal(["facility", "form", "health", "offline"], terms["kobo"].Order(StringComparer.Ordinal));
        Assert.Equal(["health"], terms["opencrvs"]);
    }

    [Fact]
    public void Concurrent_searches_on_one_instance_agree_with_a_single_thread()
    {
        string[] needs = ["district health data", "birth registration", "offline survey forms", "health facilities"];
        var expected = needs.Select(n => retriever.Search(n, 5)).ToArray();

        var results = new IReadOnlyList<(string Id, float Score, int Rank)>[400];
        Parallel.For(0, results.Length, i => results[i] = retriever.Search(needs[i % needs.Length], 5));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % needs.Length], results[i]);
        }
    }

    [Fact]
    public void Duplicate_ids_and_unusable_weights_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Bm25Retriever([Catalogue[0], Catalogue[0]], Bm25FieldWeights.Default));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Retriever(Catalogue, Bm25FieldWeights.Default with { Name = float.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Retriever(Catalogue, new Bm25FieldWeights(0, 0, 0, 0, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Retriever(Catalogue, Bm25FieldWeights.Default with { Name = 2.7f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => retriever.Search("health", 0));
    }

    [Fact]
    public void An_empty_catalogue_finds_nothing_and_a_disposed_one_says_so()
    {
        var empty = new Bm25Retriever([], Bm25FieldWeights.Default);
        Assert.Empty(empty.Search("health", 10));

        empty.Dispose();
        Assert.Throws<ObjectDisposedException>(() => empty.Search("health", 10));
    }
}
