namespace DpgMatch.Core.Needs;

/// <summary>
/// What a DPG must satisfy, besides the free-text constraints. The licence, commercial-reuse and type
/// requirements are hard filters: a DPG that cannot meet one is not offered.
/// </summary>
public sealed record NeedRequirements(
    bool OsiApprovedLicence = false,
    bool CommercialReuse = false,
    bool OnPremises = false,
    bool Offline = false,
    IReadOnlyList<string>? Languages = null,
    string? DataResidency = null,
    Money? Budget = null,
    DateOnly? Deadline = null,
    IReadOnlyList<string>? Types = null)
{
    public static NeedRequirements None { get; } = new();
}

public sealed record Money(decimal Amount, string Currency);
