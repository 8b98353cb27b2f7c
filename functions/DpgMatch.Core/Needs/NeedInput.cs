namespace DpgMatch.Core.Needs;

/// <summary>A need as an officer posts it. Ids, status and organisation never come from a body.</summary>
public sealed record NeedInput(
    string? Title,
    string? Description,
    string? Sector,
    IReadOnlyList<int>? Sdgs,
    string? Country,
    IReadOnlyList<string>? Constraints,
    string? Buyer,
    string? ContactEmail,
    NeedRequirements? Requirements = null,
    string? Language = null,
    bool ShareContactWithMaintainers = false);
