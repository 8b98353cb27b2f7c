using System.IO.Compression;
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

    /// <summary>Where the model's file keeps its <see cref="ServedNeeds"/>, next to ML.NET's own entries, which it ignores.</summary>
    private const string ServedNeedsEntry = "DpgMatch/served-needs.bin";

    public RankerModel(MLContext ml, ITransformer transformer, ModelManifest manifest, ServedNeeds? served = null)
    {
        if (!string.Equals(manifest.FeatureSchemaHash, Ranking.Features.SchemaHash, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"Model {manifest.Version} was trained on feature schema {manifest.FeatureSchemaHash}; this code computes {Ranking.Features.SchemaHash}.");
        }

        this.ml = ml;
        this.transformer = transformer;
        Manifest = manifest;
        Served = served ?? ServedNeeds.None;
    }

    public ModelManifest Manifest { get; }

    /// <summary>The needs the model was trained with, which its <c>served_similarity</c> feature compares a need with.</summary>
    public ServedNeeds Served { get; }

    public RankerModel WithManifest(ModelManifest manifest) => new(ml, transformer, manifest, Served);

    public float[] Score(IReadOnlyList<float[]> candidates)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        var data = ml.Data.LoadFromEnumerable(candidates.Select(f => new RankingExample { Features = f }));
        return transformer.Transform(data).GetColumn<float>("Score").ToArray();
    }

    /// <summary>
    /// Writes the model as one file, so every store keeps a model as it did: the served needs go into ML.NET's zip
    /// as one more entry.
    /// </summary>
    public void Save(Stream model, Stream manifest)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new MemoryStream();
        ml.Model.Save(transformer, SchemaOf(ml), buffer);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.CreateEntry(ServedNeedsEntry, CompressionLevel.Optimal);
            using var stream = entry.Open();
            Served.Write(stream);
        }

        buffer.Position = 0;
        buffer.CopyTo(model);
        JsonSerializer.Serialize(manifest, Manifest, RankingJson.Default.ModelManifest);
    }

    public static RankerModel Load(Stream model, Stream manifest)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new MemoryStream();
        model.CopyTo(buffer);
        buffer.Position = 0;
        var served = ServedNeeds.None;
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true))
        {
            if (zip.GetEntry(ServedNeedsEntry) is { } entry)
            {
                using var stream = entry.Open();
                served = ServedNeeds.Read(stream);
            }
        }

        buffer.Position = 0;
        var ml = new MLContext(seed: 0);
        var transformer = ml.Model.Load(buffer, out _);
        var parsed = JsonSerializer.Deserialize(manifest, RankingJson.Default.ModelManifest)
            ?? throw new InvalidDataException("The model manifest is empty.");
        return new RankerModel(ml, transformer, parsed, served);
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
