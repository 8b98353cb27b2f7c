using System.Text;
using DpgMatch.Core.Matching;

namespace DpgMatch.Core.Ranking;

/// <summary>
/// Needs that listings were judged to serve (grade 2 or 3), kept as their embeddings. A listing's record is its
/// maintainer's wording; these needs are buyers' wording for what the same listing does, so a new need much like one
/// of them is evidence for that listing whatever words its record uses. It is document expansion, as doc2query does
/// with generated queries, but with needs written and judged by people (docs/training-data.md). The model carries
/// the needs it was trained with, so scoring uses the same expansion that training saw.
/// </summary>
public sealed class ServedNeeds
{
    /// <summary>The lowest grade at which a need counts as served by a listing.</summary>
    public const int MinimumGrade = 2;

    private const string Magic = "dpgmatch-served-needs-1";

    private readonly Dictionary<string, Served[]> byListing;

    public ServedNeeds(IEnumerable<ServedNeed> needs)
    {
        ArgumentNullException.ThrowIfNull(needs);
        Needs = [.. needs];
        byListing = Needs
            .SelectMany(n => n.Listings.Select(l => (Listing: l, Served: new Served(n.Id, n.Vector))))
            .GroupBy(x => x.Listing, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Served).ToArray(), StringComparer.Ordinal);
    }

    public static ServedNeeds None { get; } = new([]);

    public IReadOnlyList<ServedNeed> Needs { get; }

    /// <summary>
    /// The highest cosine similarity of <paramref name="need"/> to a need the listing was judged to serve.
    /// <paramref name="excluding"/> leaves one need out, so a training need is not compared with itself.
    /// </summary>
    /// <returns>Whether the listing has a served need other than <paramref name="excluding"/>; if not, the similarity is 0.</returns>
    public bool TryGetSimilarity(string listingId, float[] need, string? excluding, out float similarity)
    {
        similarity = 0;
        if (!byListing.TryGetValue(listingId, out var served))
        {
            return false;
        }

        var any = false;
        foreach (var s in served)
        {
            if (excluding is not null && string.Equals(s.NeedId, excluding, StringComparison.Ordinal))
            {
                continue;
            }

            var dot = EmbeddingTexts.Dot(need, s.Vector);
            similarity = any ? Math.Max(similarity, dot) : dot;
            any = true;
        }

        return any;
    }

    /// <summary>
    /// Half precision: similarities move by under 0.001, and the bundled model's file halves. Layout: a magic
    /// string, the dimensions and the count, then per need its id, its listings and its vector.
    /// </summary>
    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Needs.Count == 0 ? 0 : Needs[0].Vector.Length);
        writer.Write(Needs.Count);
        foreach (var need in Needs)
        {
            writer.Write(need.Id);
            writer.Write(need.Listings.Count);
            foreach (var listing in need.Listings)
            {
                writer.Write(listing);
            }

            foreach (var value in need.Vector)
            {
                writer.Write((Half)value);
            }
        }
    }

    public static ServedNeeds Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (!string.Equals(reader.ReadString(), Magic, StringComparison.Ordinal))
        {
            throw new InvalidDataException("This is not a served-needs file this code can read.");
        }

        var dimensions = reader.ReadInt32();
        var count = reader.ReadInt32();
        var needs = new ServedNeed[count];
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString();
            var listings = new string[reader.ReadInt32()];
            for (var l = 0; l < listings.Length; l++)
            {
                listings[l] = reader.ReadString();
            }

            var vector = new float[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                vector[d] = (float)reader.ReadHalf();
            }

            needs[i] = new ServedNeed(id, listings, vector);
        }

        return new ServedNeeds(needs);
    }

    private sealed record Served(string NeedId, float[] Vector);
}

/// <summary>One need, the listings judged to serve it, and its embedding.</summary>
public sealed record ServedNeed(string Id, IReadOnlyList<string> Listings, float[] Vector);
