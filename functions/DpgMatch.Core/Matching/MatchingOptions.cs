using System.ComponentModel.DataAnnotations;

namespace DpgMatch.Core.Matching;

public sealed class MatchingOptions
{
    public const string Section = "Matching";

    /// <summary>How many ranked listings are kept per need.</summary>
    [Range(1, 100)]
    public int TopK { get; set; } = 10;

    /// <summary>How long a matcher reuses its in-memory catalogue index before reading the listings again.</summary>
    [Range(0, 3600)]
    public int CatalogRefreshSeconds { get; set; } = 60;
}
