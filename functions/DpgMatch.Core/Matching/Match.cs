namespace DpgMatch.Core.Matching;

/// <summary>One plain-words reason behind a match and how much of the score it carried.</summary>
public sealed record MatchReason(string Code, string Text, double Contribution);

public sealed record ScoredListing(string ListingId, string ListingName, double Score, IReadOnlyList<MatchReason> Reasons)
{
    /// <summary>The feature vector the model scored, kept with the match so feedback trains on what the model saw.</summary>
    public IReadOnlyList<float>? Features { get; init; }

    /// <summary>The schema hash of <see cref="Features"/>, so retraining can tell vectors of another feature set apart.</summary>
    public string? FeatureSchema { get; init; }
}

public sealed record Match(
    string NeedId,
    string ListingId,
    string ListingName,
    int Rank,
    double Score,
    string Scorer,
    IReadOnlyList<MatchReason> Reasons,
    DateTimeOffset MatchedAt)
{
    public IReadOnlyList<float>? Features { get; init; }

    public string? FeatureSchema { get; init; }
}

public sealed record MatchView(int Rank, string ListingId, string ListingName, double Score, string Scorer, IReadOnlyList<MatchReason> Reasons)
{
    public static MatchView From(Match match) =>
        new(match.Rank, match.ListingId, match.ListingName, match.Score, match.Scorer, match.Reasons);
}

public sealed record MatchList(string NeedId, string Status, IReadOnlyList<MatchView> Items);
