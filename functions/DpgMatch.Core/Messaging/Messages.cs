namespace DpgMatch.Core.Messaging;

public sealed record NeedToMatch(string Organisation, string NeedId);

/// <summary>
/// One email to send. Listing and principal name the maintainer's side for a fit alert. With <c>Settle</c>, the
/// message instead settles a send whose outcome stayed unknown (see <c>NotificationOptions.UnknownResolution</c>).
/// </summary>
public sealed record NotificationRequested(
    string Kind, string Organisation, string NeedId, string? ListingId = null, string? PrincipalId = null, string? Day = null, bool Settle = false);

/// <summary>
/// Listings that a maintainer created or changed, each with the content it had then. A later change supersedes
/// an earlier one: the handler skips a listing whose stored content no longer has this hash.
/// </summary>
public sealed record ListingsChanged(IReadOnlyList<ListingVersion> Listings);

public sealed record ListingVersion(string Id, string ContentHash);

/// <summary>Train, judge and perhaps promote the model version the analyst asked for.</summary>
public sealed record ModelTrainingRequested(string VersionId);

public static class NotificationKinds
{
    public const string OfficerDigest = "officer-digest";
    public const string MaintainerFit = "maintainer-fit";
    public const string MaintainerDaily = "maintainer-daily";
    public const string OfficerAlert = "officer-alert";
}
