namespace DpgMatch.Core.Auth;

public sealed record NewPrincipalRequest(string? Role, string? Organisation, string? Email, IReadOnlyList<string>? Listings);

public sealed record CreatedPrincipal(string Id, string Key);
