using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;

namespace DpgMatch.Core.Ranking;

/// <summary>
/// Training data before any feedback exists, built from the catalogue alone. Each DPG in turn becomes a
/// need: its description (with its own name and aliases removed) is the need's text, and some of its SDGs,
/// its sector and one of its deployment countries are the need's structured fields. The DPG itself is then
/// held apart from its own document: it is matched against an index and an embedding built without its
/// description, so the model learns to find a DPG from what an officer would write rather than from a copy
/// of its own words. That DPG is grade 3. Every other DPG is graded by agreement with it: sector, SDGs and
/// type all agreeing is grade 2, sharing a sector or an SDG (and a type) grade 1, anything else 0.
/// No benchmark need is read.
/// </summary>
public static class ColdStart
{
    public const string Description =
        "cold start: one synthetic need per catalogue DPG (its description, name removed), the DPG held apart from its own description, others graded by sector, SDG and type agreement";

    public static IReadOnlyList<TrainingGroup> Build(
        IReadOnlyList<Listing> listings, IReadOnlyList<float[]> vectors, ITextEmbedder embedder, int seed, CancellationToken cancellationToken = default)
    {
        var random = new Random(seed);
        var sources = listings
            .Select((l, i) => (Listing: l, Position: i))
            .Where(s => s.Listing.Description.Length >= 80 && s.Listing.Sectors.Count > 0)
            .ToArray();

        var needs = sources.Select(s => SyntheticNeed(s.Listing, random)).ToArray();
        var needVectors = embedder.Embed(needs.Select(EmbeddingTexts.Of).ToArray(), cancellationToken);
        var heldApartVectors = embedder.Embed(sources.Select(s => EmbeddingTexts.HeldApart(s.Listing)).ToArray(), cancellationToken);

        var groups = new List<TrainingGroup>(sources.Length);
        var texts = listings.Select(ListingText.From).ToArray();
        for (var q = 0; q < sources.Length; q++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (source, position) = sources[q];

            // The held-apart view of the source DPG: its own description is not there to match against.
            var heldApartTexts = texts.ToArray();
            heldApartTexts[position] = heldApartTexts[position] with { Description = "" };
            var heldApartVectorsForQuery = vectors.ToArray();
            heldApartVectorsForQuery[position] = heldApartVectors[q];
            using var lexical = new Bm25Retriever(heldApartTexts, Bm25FieldWeights.Default);

            var candidates = CandidateFeaturizer.Featurize(needs[q], needVectors[q], listings, lexical, heldApartVectorsForQuery);
            var grades = candidates.Select(c => c.Position == position ? 3 : Grade(source, listings[c.Position])).ToArray();
            if (grades.Any(g => g > 0))
            {
                groups.Add(new TrainingGroup(source.Id, candidates.Select(c => c.Features).ToArray(), grades));
            }
        }

        return groups;
    }

    public static int Grade(Listing source, Listing other)
    {
        var sector = source.Sectors.Intersect(other.Sectors, StringComparer.OrdinalIgnoreCase).Any();
        var sourceSdgs = source.Sdgs.Select(s => s.Number).ToHashSet();
        var otherSdgs = other.Sdgs.Select(s => s.Number).ToHashSet();
        var union = sourceSdgs.Union(otherSdgs).Count();
        var jaccard = union == 0 ? 0 : (double)sourceSdgs.Intersect(otherSdgs).Count() / union;
        var type = source.Types.Intersect(other.Types, StringComparer.OrdinalIgnoreCase).Any();
        if (!type)
        {
            return 0;
        }

        if (sector && jaccard >= 0.5)
        {
            return 2;
        }

        return sector || jaccard > 0 ? 1 : 0;
    }

    private static NeedQuery SyntheticNeed(Listing listing, Random random)
    {
        var text = listing.Description;
        foreach (var name in new[] { listing.Name }.Concat(listing.Aliases).Where(n => n.Length >= 3).OrderByDescending(n => n.Length))
        {
            text = text.Replace(name, "the system", StringComparison.OrdinalIgnoreCase);
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var title = string.Join(' ', words.Take(Math.Min(10, words.Length)));
        var description = string.Join(' ', words.Take(80));

        // Officers give structured fields only sometimes, and partly: so do the synthetic needs.
        var sdgs = listing.Sdgs.Select(s => s.Number).Where(_ => random.NextDouble() < 0.6).Take(2).ToArray();
        var sector = random.NextDouble() < 0.7 ? listing.Sectors[random.Next(listing.Sectors.Count)] : null;
        var country = listing.DeploymentCountries.Count > 0 && random.NextDouble() < 0.5
            ? listing.DeploymentCountries[random.Next(listing.DeploymentCountries.Count)]
            : null;
        return new NeedQuery(title, description, sector, sdgs, country, []);
    }
}
