namespace DpgMatch.Core.Needs;

/// <summary>
/// What a DPG must satisfy, besides the free-text constraints. The booleans are hard requirements: a DPG
/// that cannot meet one should not be offered.
/// </summary>
public sealed record NeedRequirements(
    bool OsiApprovedLicence = false,
    bool CommercialReuse = false,
    bool OnPremises = false,
    bool Offline = false,
    IReadOnlyList<string>? Languages = null,
    string? DataResidency = null,
    Money? Budget = null,
    DateOnly? Deadline = null)
{
    public static NeedRequirements None { get; } = new();
}

public sealed record Money(decimal Amount, string Currency);
