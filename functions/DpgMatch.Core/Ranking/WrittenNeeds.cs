using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;

namespace DpgMatch.Core.Ranking;

/// <summary>
/// Training groups from needs written in buyers' words from the registry text of one DPG each, with the listings
/// judged to serve them (data/training/written-needs.jsonl; docs/training-data.md says how they were written and
/// judged). Unlike the synthetic cold-start needs they share little wording with their DPG's document, so the DPG is
/// matched against the whole catalogue as it is. Unjudged candidates are grade 0.
/// </summary>
public static class WrittenNeeds
{
    public const string Description = "needs written in buyers' words from the registry text of one DPG each, graded 3 for that DPG and 1 or 2 for others judged to serve";

    private const string KeyMarker = "#w";

    /// <summary>
    /// The share of needs whose source listing is featurised as if it had no served need, as a listing that was just
    /// added has none: without them the model learns that a listing nobody has served yet serves nothing.
    /// </summary>
    public const double AsNewListingShare = 0.5;

    /// <summary>A fixed choice by the need's id, so the same file always gives the same groups.</summary>
    private static bool AsNew(string id) =>
        BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)), 0) < AsNewListingShare * uint.MaxValue;

    public static bool IsWritten(TrainingGroup group) => group.Key.Contains(KeyMarker, StringComparison.Ordinal);

    /// <summary>
    /// Group keys are <c>{source slug}#w{id}</c>, so splits by source keep a DPG's needs on one side. The needs also
    /// become the <see cref="ServedNeeds"/> of the listings judged to serve them; each need's own features leave it out,
    /// as a new need could not be compared with itself.
    /// </summary>
    public static (IReadOnlyList<TrainingGroup> Groups, ServedNeeds Served) Build(
        IReadOnlyList<NeedsFileEntry> needs, CatalogIndex index, ITextEmbedder embedder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(index);
        var usable = needs.Where(n => n.Source is not null && index.PositionOf(n.Source) >= 0).ToArray();
        var vectors = NeedEmbedding.Of(usable.Select(n => n.Need).ToArray(), embedder, cancellationToken);
        var served = new ServedNeeds(usable
            .Select((n, i) => new ServedNeed(n.Id, [.. n.Judgements.Where(j => j.Value >= ServedNeeds.MinimumGrade).Select(j => j.Key).Order(StringComparer.Ordinal)], vectors[i].Text))
            .Where(n => n.Listings.Count > 0));
        var groups = new List<TrainingGroup>(usable.Length);
        for (var i = 0; i < usable.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = usable[i];
            var candidates = CandidateFeaturizer.Featurize(entry.Need, vectors[i], index.Listings, index.Lexical, index.Vectors, index.PositionOf, served, entry.Id,
                AsNew(entry.Id) ? entry.Source : null);
            var grades = candidates.Select(c => entry.Judgements.GetValueOrDefault(index.Listings[c.Position].Id)).ToArray();
            if (grades.Any(g => g > 0))
            {
                groups.Add(new TrainingGroup($"{entry.Source}{KeyMarker}{entry.Id}", candidates.Select(c => c.Features).ToArray(), grades));
            }
        }

        return (groups, served);
    }
}
