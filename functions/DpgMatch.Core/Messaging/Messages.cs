namespace DpgMatch.Core.Messaging;

public sealed record NeedToMatch(string Organisation, string NeedId);

public sealed record NotificationRequested(string Kind, string Organisation, string NeedId);

public static class NotificationKinds
{
    public const string OfficerDigest = "officer-digest";
}
