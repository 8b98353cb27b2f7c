using DpgMatch.Core.Listings;

namespace DpgMatch.Core.Matching;

/// <summary>
/// Everything matching reads about the catalogue, built once per catalogue version: the listings, the BM25
/// candidate index, each listing's embedding, and the baseline's own index. Immutable, so concurrent matches
/// share it; a changed catalogue gets a new instance.
/// </summary>
public sealed class CatalogIndex : IDisposable
{
    private readonly Dictionary<string, int> positions;

    public CatalogIndex(IReadOnlyList<Listing> listings, IReadOnlyList<float[]> vectors)
    {
        if (listings.Count != vectors.Count)
        {
            throw new ArgumentException("Every listing needs its vector.", nameof(vectors));
        }

        Listings = listings;
        Vectors = vectors;
        Lexical = new Bm25Retriever(listings.Select(ListingText.From), Bm25FieldWeights.Default);
        Baseline = new Bm25Index(listings);
        positions = listings.Select((l, i) => (l.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<Listing> Listings { get; }

    public IReadOnlyList<float[]> Vectors { get; }

    public Bm25Retriever Lexical { get; }

    public Bm25Index Baseline { get; }

    public int PositionOf(string listingId) => positions.TryGetValue(listingId, out var p) ? p : -1;

    public void Dispose() => Lexical.Dispose();
}
