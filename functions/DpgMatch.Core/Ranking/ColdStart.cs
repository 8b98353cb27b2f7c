using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;

namespace DpgMatch.Core.Ranking;

/// <summary>
/// Training data before any feedback exists, built from the catalogue alone. Registry text of each DPG is
/// turned into a need in two ways: its SDG evidence (which reads like a buyer's statement of use), and the
/// first half of its description. The DPG is then held apart from that text: it is matched against an index
/// and an embedding of its document without the words the need was written from, so the model learns to find
/// a DPG from what a buyer would write rather than from a copy of its own words. That DPG is grade 3. Other
/// DPGs that agree with it on sector, SDGs and type are grade 1, so structure helps but cannot outweigh the
/// text; everything else is 0. The need's structured fields are the DPG's own, each dropped at random, as
/// officers often leave them out. No benchmark need is read.
/// </summary>
public static class ColdStart
{
    public const string Description =
        "synthetic needs from each catalogue DPG's SDG evidence and half its description, the DPG held apart from that text (grade 3), others grade 1 when sector, SDGs and type agree";

    private sealed record SyntheticQuery(NeedQuery Need, int Position, ListingText HeldApartText, string HeldApartEmbeddingText);

    public static IReadOnlyList<TrainingGroup> Build(
        IReadOnlyList<Listing> listings, IReadOnlyList<float[]> vectors, ITextEmbedder embedder, int seed, ServedNeeds served, CancellationToken cancellationToken = default)
    {
        var random = new Random(seed);
        var texts = listings.Select(ListingText.From).ToArray();
        var queries = new List<SyntheticQuery>();
        for (var i = 0; i < listings.Count; i++)
        {
            var listing = listings[i];
            var evidence = string.Join(" ", listing.Sdgs.Select(s => s.Evidence).OfType<string>());
            if (evidence.Length >= 120)
            {
                queries.Add(new SyntheticQuery(
                    Need(listing, evidence, random), i, texts[i] with { SdgEvidence = [] }, EmbeddingTexts.Of(listing)));
            }

            var sentences = Sentences(listing.Description);
            if (sentences.Count >= 2)
            {
                var half = (sentences.Count + 1) / 2;
                var rest = string.Join(" ", sentences.Skip(half));
                queries.Add(new SyntheticQuery(
                    Need(listing, string.Join(" ", sentences.Take(half)), random), i, texts[i] with { Description = rest },
                    EmbeddingTexts.Of(listing with { Description = rest })));
            }
        }

        var needVectors = NeedEmbedding.Of(queries.Select(q => q.Need).ToArray(), embedder, cancellationToken);
        var heldApartVectors = embedder.Embed(queries.Select(q => q.HeldApartEmbeddingText).ToArray(), cancellationToken);

        var positions = listings.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var groups = new List<TrainingGroup>(queries.Count);
        for (var q = 0; q < queries.Count; q++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var query = queries[q];
            var source = listings[query.Position];
            var heldApartTexts = texts.ToArray();
            heldApartTexts[query.Position] = query.HeldApartText;
            var heldApartVectorsForQuery = vectors.ToArray();
            heldApartVectorsForQuery[query.Position] = heldApartVectors[q];
            using var lexical = new Bm25Retriever(heldApartTexts, Bm25FieldWeights.Default);

            var candidates = CandidateFeaturizer.Featurize(query.Need, needVectors[q], listings, lexical, heldApartVectorsForQuery, id => positions.GetValueOrDefault(id, -1), served);
            var grades = candidates.Select(c => c.Position == query.Position ? 3 : Grade(source, listings[c.Position])).ToArray();
            if (grades.Contains(3))
            {
                groups.Add(new TrainingGroup($"{source.Id}#{q}", candidates.Select(c => c.Features).ToArray(), grades));
            }
        }

        return groups;
    }

    public static int Grade(Listing source, Listing other)
    {
        var sector = source.Sectors.Intersect(other.Sectors, StringComparer.OrdinalIgnoreCase).Any();
        var sdg = source.Sdgs.Select(s => s.Number).Intersect(other.Sdgs.Select(s => s.Number)).Any();
        var type = source.Types.Intersect(other.Types, StringComparer.OrdinalIgnoreCase).Any();
        return sector && sdg && type ? 1 : 0;
    }

    private static List<string> Sentences(string text) =>
        [.. System.Text.RegularExpressions.Regex.Split(text, @"(?<=[.!?])\s+").Select(x => x.Trim()).Where(x => x.Length > 20)];

    private static NeedQuery Need(Listing listing, string text, Random random)
    {
        foreach (var name in new[] { listing.Name }.Concat(listing.Aliases).Where(n => n.Length >= 3).OrderByDescending(n => n.Length))
        {
            text = text.Replace(name, "the system", StringComparison.OrdinalIgnoreCase);
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var title = string.Join(' ', words.Take(Math.Min(10, words.Length)));
        var description = string.Join(' ', words.Take(120));

        // Officers give structured fields only sometimes, and partly: so do the synthetic needs.
        var sdgs = listing.Sdgs.Select(s => s.Number).Where(_ => random.NextDouble() < 0.6).Take(2).ToArray();
        var sector = listing.Sectors.Count > 0 && random.NextDouble() < 0.7 ? listing.Sectors[random.Next(listing.Sectors.Count)] : null;
        var country = listing.DeploymentCountries.Count > 0 && random.NextDouble() < 0.5
            ? listing.DeploymentCountries[random.Next(listing.DeploymentCountries.Count)]
            : null;
        return new NeedQuery(title, description, sector, sdgs, country, []);
    }
}
