namespace DpgMatch.Core.Needs;

public enum NeedStatus
{
    Received,
    Matching,
    Matched,
    Closed,
    Withdrawn,
}

public static class NeedStatuses
{
    /// <summary>Closed and withdrawn needs are done: nothing matches or mails them again.</summary>
    public static bool IsOpen(this NeedStatus status) => status is NeedStatus.Received or NeedStatus.Matching or NeedStatus.Matched;

    public static string ToApi(this NeedStatus status) => status.ToString().ToLowerInvariant();
}
