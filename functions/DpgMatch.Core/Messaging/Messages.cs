namespace DpgMatch.Core.Messaging;

public sealed record NeedToMatch(string Organisation, string NeedId);

/// <summary>One email to send. Listing and principal name the maintainer's side for a fit alert.</summary>
public sealed record NotificationRequested(
    string Kind, string Organisation, string NeedId, string? ListingId = null, string? PrincipalId = null, string? Day = null);

public static class NotificationKinds
{
    public const string OfficerDigest = "officer-digest";
    public const string MaintainerFit = "maintainer-fit";
    public const string MaintainerDaily = "maintainer-daily";
}
