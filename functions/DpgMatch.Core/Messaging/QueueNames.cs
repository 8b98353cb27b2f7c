namespace DpgMatch.Core.Messaging;

/// <summary>The queues both hosts listen on. Each has a <c>-poison</c> twin that the host fills.</summary>
public static class QueueNames
{
    public const string NeedsToMatch = "needs-to-match";
    public const string Notifications = "notifications";
    public const string RegistryImport = "registry-import";
    public const string ListingsChanged = "listings-changed";
    public const string ModelTraining = "model-training";

    public static IReadOnlyList<string> All { get; } = [NeedsToMatch, Notifications, RegistryImport, ListingsChanged, ModelTraining];

    public static string Poison(string queue) => queue + "-poison";
}
