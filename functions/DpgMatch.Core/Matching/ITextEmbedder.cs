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
