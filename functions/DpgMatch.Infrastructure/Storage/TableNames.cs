namespace DpgMatch.Infrastructure.Storage;

public static class TableNames
{
    public const string Needs = "Needs";
    public const string Listings = "Listings";
    public const string Matches = "Matches";
    public const string Principals = "Principals";
    public const string Notifications = "Notifications";

    public static IReadOnlyList<string> All { get; } = [Needs, Listings, Matches, Principals, Notifications];
}
