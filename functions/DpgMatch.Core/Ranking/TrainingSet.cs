using DpgMatch.Core.Matching;

namespace DpgMatch.Core.Ranking;

/// <summary>
/// What every model starts from before feedback: the synthetic needs built from the catalogue (<see cref="ColdStart"/>)
/// and the written needs that ship with the app (<see cref="WrittenNeeds"/>). The CLI's <c>train</c> and the retrain
/// job both build it here, so the bundled model and a retrained one learn from the same groups.
/// </summary>
public static class TrainingSet
{
    public const string WrittenNeedsFile = "written-needs.jsonl";

    public const string Description = "cold start: " + ColdStart.Description + "; plus " + WrittenNeeds.Description;

    public static IReadOnlyList<TrainingGroup> Build(
        CatalogIndex index, ITextEmbedder embedder, string writtenNeedsPath, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        var synthetic = ColdStart.Build(index.Listings, index.Vectors, embedder, seed, cancellationToken);

        // A deployment without the file still trains, on the synthetic needs alone.
        var written = File.Exists(writtenNeedsPath)
            ? WrittenNeeds.Build([.. NeedsFile.Read(writtenNeedsPath)], index, embedder, cancellationToken)
            : [];
        return [.. synthetic, .. written];
    }
}
