using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace DpgMatch.Core.Ranking;

/// <summary>The candidates of one need, with their grades (0 to 3).</summary>
public sealed record TrainingGroup(string Key, IReadOnlyList<float[]> Features, IReadOnlyList<int> Grades);

public sealed record TrainingOptions(int Seed = 20261126, int Trees = 300, int Leaves = 16, int MinimumExamplesPerLeaf = 20, double LearningRate = 0.05);

/// <summary>
/// Trains LambdaMART in a fresh <see cref="MLContext"/> with a fixed seed and one thread, so the same data gives
/// the same model and the same scores. LightGBM is used where its native library loads; otherwise FastTree, the
/// managed implementation of the same algorithm.
/// </summary>
public static class RankerTrainer
{
    /// <param name="served">The needs the groups' <c>served_similarity</c> was computed against; the model keeps them.</param>
    public static RankerModel Train(IReadOnlyList<TrainingGroup> groups, TrainingOptions options, string version, string dataDescription, ServedNeeds? served = null)
    {
        var rows = groups
            .SelectMany((g, i) => g.Features.Select((f, j) => new RankingExample { Group = (uint)i, Label = g.Grades[j], Features = f }))
            .ToArray();
        if (rows.Length == 0)
        {
            throw new InvalidOperationException("There is nothing to train on.");
        }

        string trainer;
        ITransformer model;
        var ml = new MLContext(options.Seed);
        try
        {
            (model, trainer) = (Fit(ml, rows, LightGbm(ml, options)), "LightGbm");
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            ml = new MLContext(options.Seed);
            (model, trainer) = (Fit(ml, rows, FastTree(ml, options)), "FastTree");
        }

        var manifest = new ModelManifest(
            version,
            trainer,
            Features.SchemaHash,
            Features.All.Select(f => f.Name).ToArray(),
            options.Seed,
            dataDescription,
            groups.Count,
            rows.Length,
            new Dictionary<string, ModelMetrics>(StringComparer.Ordinal),
            DateTimeOffset.UtcNow);
        return new RankerModel(ml, model, manifest, served);
    }

    private static ITransformer Fit(MLContext ml, RankingExample[] rows, IEstimator<ITransformer> trainer)
    {
        var data = ml.Data.LoadFromEnumerable(rows);
        var keyed = ml.Transforms.Conversion.MapValueToKey("GroupKey", nameof(RankingExample.Group)).Fit(data).Transform(data);
        return trainer.Fit(keyed);
    }

    private static LightGbmRankingTrainer LightGbm(MLContext ml, TrainingOptions options) =>
        ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = nameof(RankingExample.Label),
            FeatureColumnName = nameof(RankingExample.Features),
            RowGroupColumnName = "GroupKey",
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinimumExamplesPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = 1,
            Seed = options.Seed,
            Verbose = false,
            Silent = true,
        });

    private static FastTreeRankingTrainer FastTree(MLContext ml, TrainingOptions options) =>
        ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
        {
            LabelColumnName = nameof(RankingExample.Label),
            FeatureColumnName = nameof(RankingExample.Features),
            RowGroupColumnName = "GroupKey",
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinimumExamplesPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = 1,
        });
}
