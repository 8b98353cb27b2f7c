using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace DpgMatch.Core.Ranking;

public sealed class RankingOptions
{
    public const string Section = "Ranking";

    /// <summary>
    /// <c>learned</c> (the LambdaMART model, the default since it beats the baseline on every benchmark) or
    /// <c>baseline</c> (the transparent scorer of ADR 0003).
    /// </summary>
    [RegularExpression("^(learned|baseline)$")]
    public string Ranker { get; set; } = "learned";

    /// <summary>Folder of the bundled model (<c>ranker.zip</c>, <c>ranker.manifest.json</c>); empty for the one next to the app.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>
    /// How much worse than the active model's nDCG@10 a retrained candidate may be, on each evaluation set, and still
    /// be promoted. A little slack lets feedback move the model without every retrain having to win outright.
    /// </summary>
    [Range(0.0, 1.0)]
    public double PromotionMargin { get; set; } = 0.01;

    /// <summary>How often a matcher checks whether another model was promoted since it loaded its own.</summary>
    [Range(1, 3600)]
    public int ModelCheckSeconds { get; set; } = 30;

    /// <summary>Boosting rounds of a retrain; fewer trains faster and fits less.</summary>
    [Range(1, 5000)]
    public int TrainingTrees { get; set; } = new TrainingOptions().Trees;

    /// <summary>The written training needs (JSON lines, see docs/training-data.md); empty for the file next to the app.</summary>
    public string? TrainingNeedsPath { get; set; }

    public string ResolvedTrainingNeedsPath =>
        string.IsNullOrWhiteSpace(TrainingNeedsPath) ? Path.Combine(AppContext.BaseDirectory, "data", "training", TrainingSet.WrittenNeedsFile) : TrainingNeedsPath;

    public string ResolvedModelDirectory =>
        string.IsNullOrWhiteSpace(ModelDirectory) ? Path.Combine(AppContext.BaseDirectory, "data", "model") : ModelDirectory;
}

/// <summary>The model that ships with the app, loaded on first use.</summary>
public sealed class BundledRankerModelSource(Microsoft.Extensions.Options.IOptions<RankingOptions> options) : IRankerModelSource
{
    public const string ModelFile = "ranker.zip";
    public const string ManifestFile = "ranker.manifest.json";

    private readonly Lazy<RankerModel> model = new(() =>
    {
        var directory = options.Value.ResolvedModelDirectory;
        return File.Exists(Path.Combine(directory, ModelFile))
            ? RankerModel.LoadFiles(Path.Combine(directory, ModelFile), Path.Combine(directory, ManifestFile))
            : throw new InvalidOperationException($"No ranking model: none was promoted, and none is bundled in {directory}.");
    });

    public RankerModel Current => model.Value;

    public bool Exists => File.Exists(Path.Combine(options.Value.ResolvedModelDirectory, ModelFile));

    /// <summary>The bundled model's manifest, without loading the model; null when none is bundled.</summary>
    public ModelManifest? ReadManifest()
    {
        var path = Path.Combine(options.Value.ResolvedModelDirectory, ManifestFile);
        if (!Exists || !File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, RankingJson.Default.ModelManifest);
    }
}
