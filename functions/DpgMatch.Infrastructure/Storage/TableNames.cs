namespace DpgMatch.Infrastructure.Storage;

public static class TableNames
{
    public const string Needs = "Needs";
    public const string Listings = "Listings";
    public const string Contacts = "Contacts";
    public const string CatalogState = "CatalogState";
    public const string Matches = "Matches";
    public const string Principals = "Principals";
    public const string Notifications = "Notifications";
    public const string Idempotency = "Idempotency";
    public const string ImportJobs = "ImportJobs";
    public const string Feedback = "Feedback";
    public const string Suppressions = "Suppressions";
    public const string WebhookEvents = "WebhookEvents";
    public const string Subscriptions = "Subscriptions";
    public const string SendCounts = "SendCounts";
    public const string DigestItems = "DigestItems";
    public const string Models = "Models";

    public static IReadOnlyList<string> All { get; } =
        [Needs, Listings, Contacts, CatalogState, Matches, Principals, Notifications, Idempotency, ImportJobs, Feedback, Suppressions, WebhookEvents, Subscriptions, SendCounts, DigestItems, Models];
}
