namespace DpgMatch.Core.Matching;

/// <summary>Turns texts into unit-length vectors whose dot product is their semantic similarity.</summary>
public interface ITextEmbedder
{
    int Dimensions { get; }

    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}

public static class EmbeddingTexts
{
    /// <summary>What a listing is embedded from: its name and description say what it does; the rest is noise to the model.</summary>
    public static string Of(Listings.Listing listing) =>
        $"{listing.Name}. {string.Join(". ", listing.Aliases)}. {listing.Description} {string.Join(", ", listing.Sectors)}";

    /// <summary>What a need is embedded from: everything the officer wrote about what is to be bought.</summary>
    public static string Of(NeedQuery need) =>
        $"{need.Title}. {need.Description} {string.Join(". ", need.Constraints)} {string.Join(". ", need.ItemTexts)}";

    /// <summary>Cosine similarity of two unit vectors.</summary>
    public static float Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a.AsSpan(), b.AsSpan());
}

/// <summary>
/// A need's embeddings: its whole text, and its title alone, which names what is bought without the context
/// around it.
/// </summary>
public sealed record NeedEmbedding(float[] Text, float[] Title)
{
    public static NeedEmbedding Of(NeedQuery need, ITextEmbedder embedder) => Of([need], embedder)[0];

    /// <summary>One embedding call for all the texts, which batches them through the model.</summary>
    public static NeedEmbedding[] Of(IReadOnlyList<NeedQuery> needs, ITextEmbedder embedder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(embedder);
        var vectors = embedder.Embed([.. needs.Select(EmbeddingTexts.Of), .. needs.Select(n => n.Title)], cancellationToken);
        return needs.Select((_, i) => new NeedEmbedding(vectors[i], vectors[needs.Count + i])).ToArray();
    }
}
