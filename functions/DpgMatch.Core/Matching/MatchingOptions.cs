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

    /// <summary>
    /// How long after a maintainer's change a listing is matched against open needs. Edits within the window
    /// are judged once, on the listing as it then is, so a maintainer fixing typos does not cause a burst of work.
    /// </summary>
    [Range(0, 86_400)]
    public int ListingChangeDelaySeconds { get; set; } = 300;

    /// <summary>The most open needs (newest first) that one listing change is matched against; it bounds the work a change causes.</summary>
    [Range(1, 100_000)]
    public int MaxNeedsPerListingChange { get; set; } = 2_000;
}
