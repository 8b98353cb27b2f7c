using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DpgMatch.Core.Ranking;

/// <summary>One row for ML.NET: a candidate's features, its grade, and the need (group) it belongs to.</summary>
public sealed class RankingExample
{
    public uint Group { get; set; }

    public float Label { get; set; }

    [VectorType(Ranking.Features.Count)]
    public float[] Features { get; set; } = [];
}

public sealed class RankingPrediction
{
    public float Score { get; set; }
}

public sealed record ModelMetrics(double NdcgAt10, double PrecisionAt1, double RecallAt10, int Groups);

/// <summary>What a model is: how and from what it was trained, and how well it did.</summary>
public sealed record ModelManifest(
    string Version,
    string Trainer,
    string FeatureSchemaHash,
    IReadOnlyList<string> Features,
    int Seed,
    string Data,
    int TrainingGroups,
    int TrainingRows,
    IReadOnlyDictionary<string, ModelMetrics> Metrics,
    DateTimeOffset CreatedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(ModelManifest))]
public sealed partial class RankingJson : JsonSerializerContext;

/// <summary>
/// A trained ranking model, loaded once and shared. Scoring goes through one batch <c>Transform</c> per need,
/// which is safe from many threads; a shared <c>PredictionEngine</c> would not be.
/// </summary>
public sealed class RankerModel
{
    private readonly MLContext ml;
    private readonly ITransformer transformer;

    public RankerModel(MLContext ml, ITransformer transformer, ModelManifest manifest)
    {
        if (!string.Equals(manifest.FeatureSchemaHash, Ranking.Features.SchemaHash, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"Model {manifest.Version} was trained on feature schema {manifest.FeatureSchemaHash}; this code computes {Ranking.Features.SchemaHash}.");
        }

        this.ml = ml;
        this.transformer = transformer;
        Manifest = manifest;
    }

    public ModelManifest Manifest { get; }

    public RankerModel WithManifest(ModelManifest manifest) => new(ml, transformer, manifest);

    public float[] Score(IReadOnlyList<float[]> candidates)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        var data = ml.Data.LoadFromEnumerable(candidates.Select(f => new RankingExample { Features = f }));
        return transformer.Transform(data).GetColumn<float>("Score").ToArray();
    }

    public void Save(Stream model, Stream manifest)
    {
        ml.Model.Save(transformer, SchemaOf(ml), model);
        JsonSerializer.Serialize(manifest, Manifest, RankingJson.Default.ModelManifest);
    }

    public static RankerModel Load(Stream model, Stream manifest)
    {
        var ml = new MLContext(seed: 0);
        var transformer = ml.Model.Load(model, out _);
        var parsed = JsonSerializer.Deserialize(manifest, RankingJson.Default.ModelManifest)
            ?? throw new InvalidDataException("The model manifest is empty.");
        return new RankerModel(ml, transformer, parsed);
    }

    public static RankerModel LoadFiles(string modelPath, string manifestPath)
    {
        using var model = File.OpenRead(modelPath);
        using var manifest = File.OpenRead(manifestPath);
        return Load(model, manifest);
    }

    internal static DataViewSchema SchemaOf(MLContext ml) =>
        ml.Data.LoadFromEnumerable(Array.Empty<RankingExample>()).Schema;
}
