using System.ComponentModel.DataAnnotations;

namespace DpgMatch.Core.Ranking;

public sealed class RankingOptions
{
    public const string Section = "Ranking";

    /// <summary>
    /// <c>baseline</c> (the transparent scorer) or <c>learned</c> (the LambdaMART model). The baseline stays the
    /// default until a learned model beats it on the benchmark.
    /// </summary>
    [RegularExpression("^(learned|baseline)$")]
    public string Ranker { get; set; } = "baseline";

    /// <summary>Folder of the bundled model (<c>ranker.zip</c>, <c>ranker.manifest.json</c>); empty for the one next to the app.</summary>
    public string? ModelDirectory { get; set; }

    public string ResolvedModelDirectory =>
        string.IsNullOrWhiteSpace(ModelDirectory) ? Path.Combine(AppContext.BaseDirectory, "data", "model") : ModelDirectory;
}

/// <summary>The model that ships with the app, loaded on first use.</summary>
public sealed class BundledRankerModelSource(Microsoft.Extensions.Options.IOptions<RankingOptions> options) : IRankerModelSource
{
    public const string ModelFile = "ranker.zip";
    public const string ManifestFile = "ranker.manifest.json";

    private readonly Lazy<RankerModel> model = new(() => RankerModel.LoadFiles(
        Path.Combine(options.Value.ResolvedModelDirectory, ModelFile),
        Path.Combine(options.Value.ResolvedModelDirectory, ManifestFile)));

    public RankerModel Current => model.Value;
}
