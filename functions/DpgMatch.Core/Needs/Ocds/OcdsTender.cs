namespace DpgMatch.Core.Needs.Ocds;

/// <summary>One tender read from OCDS data: what a procurement officer is buying, as the publisher described it.</summary>
public sealed record OcdsTender(
    string Ocid,
    string Title,
    string Description,
    IReadOnlyList<OcdsItem> Items,
    decimal? Value,
    string? Currency,
    string? Buyer,
    string? BuyerCountry,
    DateTimeOffset? TenderStart,
    DateTimeOffset? TenderEnd,
    string? Language);

public sealed record OcdsItem(string? Description, IReadOnlyList<OcdsClassification> Classifications, decimal? Quantity, string? Unit);

/// <summary>A classification kept exactly as given: CPV, UNSPSC or any other scheme.</summary>
public sealed record OcdsClassification(string Scheme, string Id, string? Description);

/// <summary>The tenders found, and why anything was left out (a release without a tender, say).</summary>
public sealed record OcdsReadResult(IReadOnlyList<OcdsTender> Tenders, IReadOnlyList<string> Problems);
