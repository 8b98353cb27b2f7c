using System.Text.Json;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Notifications;
using DpgMatch.Core.Ranking;

namespace DpgMatch.Core.Messaging;

/// <summary>
/// The one entry point per queue that both hosts' triggers call with the raw message body.
/// A body that does not parse throws, so it ends in the poison queue unchanged for someone to inspect.
/// </summary>
public sealed class QueueHandlers(MatchingService matching, NotificationService notifications, RegistryImportService imports, RetrainingService retraining)
{
    public Task HandleNeedToMatchAsync(string body, CancellationToken cancellationToken) =>
        matching.MatchAsync(Parse(body, DpgMatchJson.Default.NeedToMatch), cancellationToken);

    public Task HandleNotificationAsync(string body, CancellationToken cancellationToken) =>
        notifications.SendAsync(Parse(body, DpgMatchJson.Default.NotificationRequested), cancellationToken);

    public Task HandleRegistryImportAsync(string body, CancellationToken cancellationToken) =>
        imports.ImportChunkAsync(Parse(body, DpgMatchJson.Default.RegistryImportChunk), cancellationToken);

    public Task HandleListingsChangedAsync(string body, CancellationToken cancellationToken) =>
        matching.MatchChangedListingsAsync(Parse(body, DpgMatchJson.Default.ListingsChanged), cancellationToken);

    public Task HandleModelTrainingAsync(string body, CancellationToken cancellationToken) =>
        retraining.RunAsync(Parse(body, DpgMatchJson.Default.ModelTrainingRequested), cancellationToken);

    private static T Parse<T>(string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(body, type) ?? throw new JsonException("The message body is the JSON null.");
}
