using System.ComponentModel.DataAnnotations;

namespace DpgMatch.Core.Matching;

public sealed class MatchingOptions
{
    public const string Section = "Matching";

    /// <summary>How many ranked listings are kept per need.</summary>
    [Range(1, 100)]
    public int TopK { get; set; } = 10;

    /// <summary>How often a matcher checks whether the catalogue changed since it built its index.</summary>
    [Range(0, 3600)]
    public int CatalogCheckSeconds { get; set; } = 5;
}
