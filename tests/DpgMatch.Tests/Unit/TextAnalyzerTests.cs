using DpgMatch.Core.Matching;

namespace DpgMatch.Tests.Unit;

public sealed class TextAnalyzerTests
{
    [Fact]
    public void Words_are_lower_cased_folded_stemmed_and_stop_words_dropped() =>
        Assert.Equal(
            ["health", "facility", "report", "statistic", "informacion", "sanitaria"],
            TextAnalyzer.Tokenize("The Health Facilities must report the statistics: Información sanitaria"));

    [Theory]
    [InlineData("facilities", "facility")]
    [InlineData("classes", "class")]
    [InlineData("records", "record")]
    [InlineData("status", "status")]
    [InlineData("analysis", "analysis")]
    [InlineData("gis", "gis")]
    public void Plurals_are_stemmed_lightly(string word, string stem) => Assert.Equal(stem, TextAnalyzer.Stem(word));
}
