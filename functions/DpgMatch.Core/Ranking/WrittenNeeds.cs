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

    public static bool IsWritten(TrainingGroup group) => group.Key.Contains(KeyMarker, StringComparison.Ordinal);

    /// <summary>Group keys are <c>{source slug}#w{id}</c>, so splits by source keep a DPG's needs on one side.</summary>
    public static IReadOnlyList<TrainingGroup> Build(
        IReadOnlyList<NeedsFileEntry> needs, CatalogIndex index, ITextEmbedder embedder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(index);
        var usable = needs.Where(n => n.Source is not null && index.PositionOf(n.Source) >= 0).ToArray();
        var vectors = NeedEmbedding.Of(usable.Select(n => n.Need).ToArray(), embedder, cancellationToken);
        var groups = new List<TrainingGroup>(usable.Length);
        for (var i = 0; i < usable.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = usable[i];
            var candidates = CandidateFeaturizer.Featurize(entry.Need, vectors[i], index.Listings, index.Lexical, index.Vectors, index.PositionOf);
            var grades = candidates.Select(c => entry.Judgements.GetValueOrDefault(index.Listings[c.Position].Id)).ToArray();
            if (grades.Any(g => g > 0))
            {
                groups.Add(new TrainingGroup($"{entry.Source}{KeyMarker}{entry.Id}", candidates.Select(c => c.Features).ToArray(), grades));
            }
        }

        return groups;
    }
}
