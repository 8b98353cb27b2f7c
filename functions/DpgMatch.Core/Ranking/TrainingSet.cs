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

    /// <returns>The groups, and the written needs as the listings' <see cref="ServedNeeds"/>, which the model keeps.</returns>
    public static (IReadOnlyList<TrainingGroup> Groups, ServedNeeds Served) Build(
        CatalogIndex index, ITextEmbedder embedder, string writtenNeedsPath, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);

        // A deployment without the file still trains, on the synthetic needs alone.
        var (written, served) = File.Exists(writtenNeedsPath)
            ? WrittenNeeds.Build([.. NeedsFile.Read(writtenNeedsPath)], index, embedder, cancellationToken)
            : ([], ServedNeeds.None);
        var synthetic = ColdStart.Build(index.Listings, index.Vectors, embedder, seed, served, cancellationToken);
        return ([.. synthetic, .. written], served);
    }
}
