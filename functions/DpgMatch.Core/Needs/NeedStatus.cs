namespace DpgMatch.Core.Needs;

public enum NeedStatus
{
    Received,
    Matching,
    Matched,
}
