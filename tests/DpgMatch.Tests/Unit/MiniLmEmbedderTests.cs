using DpgMatch.Core.Matching;

namespace DpgMatch.Tests.Unit;

// One model for the whole class: loading it takes about a second.
public sealed class MiniLmEmbedderFixture : IDisposable
{
    public MiniLmEmbedder Embedder { get; } = new();

    public void Dispose() => Embedder.Dispose();
}

public sealed class MiniLmEmbedderTests(MiniLmEmbedderFixture fixture) : IClassFixture<MiniLmEmbedderFixture>
{
    private readonly MiniLmEmbedder _embedder = fixture.Embedder;

    private static double Cosine(float[] a, float[] b)
    {
        var dot = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    [Fact]
    public void Batches_give_unit_vectors_of_384_in_input_order_equal_to_one_by_one()
    {
        // Lengths differ widely so the batch is padded and reordered by length inside.
        string[] texts =
        [
            "DHIS2 is a platform for collecting and analysing health data",
            "",
            "school learning management",
            string.Join(' ', Enumerable.Repeat("open source health information for districts", 80)),
            "santé",
        ];

        var batch = _embedder.Embed(texts);

        Assert.Equal(texts.Length, batch.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(MiniLmEmbedder.VectorLength, batch[i].Length);
            Assert.Equal(1.0, Math.Sqrt(Cosine(batch[i], batch[i])), 5);
            var alone = _embedder.Embed(texts[i]);
            Assert.All(batch[i].Zip(alone), pair => Assert.Equal(pair.Second, pair.First, 5));
        }
    }

    [Fact]
    public void A_related_text_is_closer_than_an_unrelated_one()
    {
        var vectors = _embedder.Embed(
        [
            "DHIS2 is a platform for collecting and analysing health data",
            "health information system for districts",
            "school learning management",
        ]);

        var related = Cosine(vectors[0], vectors[1]);
        var unrelated = Cosine(vectors[0], vectors[2]);

        Assert.True(related > unrelated + 0.2, $"related {related:F3}, unrelated {unrelated:F3}");
    }

    // Reference values from Python sentence-transformers for all-MiniLM-L6-v2 (first six dimensions).
    // The accented and CJK text checks that tokenization strips accents as the reference does.
    [Theory]
    [InlineData("This is an example sentence", new[] { 0.06765693, 0.06349593, 0.04871314, 0.07930495, 0.03744806, 0.00265273 })]
    [InlineData("Café déjà vu — 東京", new[] { 0.05083271, 0.00967685, 0.09635572, -0.00997369, -0.01987603, 0.01692343 })]
    public void Matches_the_python_reference(string text, double[] expectedPrefix)
    {
        var vector = _embedder.Embed(text);

        for (var i = 0; i < expectedPrefix.Length; i++)
        {
            Assert.Equal(expectedPrefix[i], vector[i], 0.0001);
        }
    }

    [Fact]
    public void Accented_words_embed_as_their_unaccented_word_pieces_not_as_unknown()
    {
        // Were é or ó unknown to the tokenizer, the word would become [UNK] and the vectors would part.
        var vectors = _embedder.Embed(["Información sanitaria SANTÉ", "informacion sanitaria sante", "[UNK] sanitaria [UNK]"]);

        Assert.Equal(1.0, Cosine(vectors[0], vectors[1]), 4);
        Assert.True(Cosine(vectors[0], vectors[2]) < 0.9);
    }
}
