using DpgMatch.Cli;
using DpgMatch.Core.Ranking;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.Unit;

/// <summary>The default model in <c>data/model</c> is exactly what the CLI's <c>train</c> makes from the bundled catalogue.</summary>
public sealed class ShippedModelTests
{
    [Fact]
    public async Task Train_on_the_bundled_catalogue_reproduces_the_shipped_models_scores_exactly()
    {
        var root = TestStorage.RepoRoot();
        var shipped = RankerModel.LoadFiles(
            Path.Combine(root, "data", "model", BundledRankerModelSource.ModelFile),
            Path.Combine(root, "data", "model", BundledRankerModelSource.ManifestFile));
        var output = Path.Combine(Path.GetTempPath(), "dpgmatch-train-" + Guid.NewGuid().ToString("n"));
        try
        {
            using var log = new StringWriter();
            Assert.Equal(0, await CliApplication.RunAsync(["train", "--catalog", Path.Combine(root, "data", "dpg-registry"), "--out", output], log, log));
            var trained = RankerModel.LoadFiles(
                Path.Combine(output, BundledRankerModelSource.ModelFile),
                Path.Combine(output, BundledRankerModelSource.ManifestFile));

            // Feature vectors spread over every feature's range, the same for both models.
            var random = new Random(7);
            var candidates = Enumerable.Range(0, 500)
                .Select(_ => Enumerable.Range(0, shipped.Manifest.Features.Count).Select(_ => (float)random.NextDouble()).ToArray())
                .ToArray();
            Assert.Equal(shipped.Score(candidates), trained.Score(candidates));
            Assert.Equal(shipped.Manifest.FeatureSchemaHash, trained.Manifest.FeatureSchemaHash);
            Assert.Equal(shipped.Manifest.Metrics[ModelTraining.WrittenHeldOut], trained.Manifest.Metrics[ModelTraining.WrittenHeldOut]);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
