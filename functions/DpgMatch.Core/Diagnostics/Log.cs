using Microsoft.Extensions.Logging;

namespace DpgMatch.Core.Diagnostics;

/// <summary>
/// Every log event of the core, source-generated. Event ids: 1xxx auth, 2xxx needs, 3xxx listings,
/// 4xxx matching, 5xxx notifications, 6xxx ranking models. No event carries an email address, a key or a token.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Principal {PrincipalId} created with role {Role}")]
    public static partial void PrincipalCreated(ILogger logger, string principalId, string role);

    [LoggerMessage(2001, LogLevel.Information, "Need {NeedId} received from {Source}")]
    public static partial void NeedReceived(ILogger logger, string needId, string source);

    [LoggerMessage(2002, LogLevel.Information, "Need {NeedId} ended as {Status}")]
    public static partial void NeedEnded(ILogger logger, string needId, string status);

    [LoggerMessage(3001, LogLevel.Information, "Catalogue imported: {Created} created, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected")]
    public static partial void CatalogImported(ILogger logger, int created, int updated, int unchanged, int rejected);

    [LoggerMessage(3002, LogLevel.Information, "Listing {ListingId} {Change} by a maintainer")]
    public static partial void ListingChanged(ILogger logger, string listingId, string change);

    [LoggerMessage(4001, LogLevel.Information, "Need {NeedId} matched: {MatchCount} matches in {ElapsedMs} ms")]
    public static partial void NeedMatched(ILogger logger, string needId, int matchCount, double elapsedMs);

    [LoggerMessage(4002, LogLevel.Warning, "Need {NeedId} to match no longer exists; message dropped")]
    public static partial void NeedToMatchMissing(ILogger logger, string needId);

    [LoggerMessage(4003, LogLevel.Information, "Need {NeedId} is {Status}; not matched")]
    public static partial void NeedNotOpen(ILogger logger, string needId, string status);

    [LoggerMessage(4004, LogLevel.Information, "Listing change: {ListingCount} listings against {NeedCount} open needs, {AlertCount} officer alerts, in {ElapsedMs} ms")]
    public static partial void ListingChangeMatched(ILogger logger, int listingCount, int needCount, int alertCount, double elapsedMs);

    [LoggerMessage(4005, LogLevel.Information, "Listing change of {ListingCount} listings superseded by a later change; skipped")]
    public static partial void ListingChangeSuperseded(ILogger logger, int listingCount);

    [LoggerMessage(5009, LogLevel.Warning, "Notification {NotificationId} stayed unknown; settled as {Resolution}")]
    public static partial void NotificationSettled(ILogger logger, string notificationId, string resolution);

    [LoggerMessage(4101, LogLevel.Information, "Feedback {Outcome} on need {NeedId} and listing {ListingId}")]
    public static partial void FeedbackRecorded(ILogger logger, string needId, string listingId, string outcome);

    [LoggerMessage(5001, LogLevel.Information, "Notification {NotificationId} of kind {Kind} sent")]
    public static partial void NotificationSent(ILogger logger, string notificationId, string kind);

    [LoggerMessage(5002, LogLevel.Information, "Notification {NotificationId} not sent again: {Claim}")]
    public static partial void NotificationSkipped(ILogger logger, string notificationId, string claim);

    [LoggerMessage(5003, LogLevel.Warning, "Notification {NotificationId} rejected by the mail provider with status {StatusCode}")]
    public static partial void NotificationRejected(ILogger logger, string notificationId, int statusCode);

    [LoggerMessage(5005, LogLevel.Warning, "Notification {NotificationId} timed out; its outcome is unknown and it is not resent")]
    public static partial void NotificationUnknown(ILogger logger, string notificationId);

    [LoggerMessage(5006, LogLevel.Information, "Notification {NotificationId} deferred by {DelaySeconds} s")]
    public static partial void NotificationDeferred(ILogger logger, string notificationId, double delaySeconds);

    [LoggerMessage(5007, LogLevel.Information, "A recipient unsubscribed from {Kind}")]
    public static partial void Unsubscribed(ILogger logger, string kind);

    [LoggerMessage(5008, LogLevel.Information, "Event webhook: {Applied} events applied, {Duplicates} already seen")]
    public static partial void WebhookApplied(ILogger logger, int applied, int duplicates);

    [LoggerMessage(5004, LogLevel.Warning, "Need {NeedId} of a notification no longer exists; message dropped")]
    public static partial void NotificationNeedMissing(ILogger logger, string needId);

    [LoggerMessage(6001, LogLevel.Information, "Model version {VersionId} queued for training with seed {Seed}")]
    public static partial void ModelRetrainQueued(ILogger logger, string versionId, int seed);

    [LoggerMessage(6002, LogLevel.Warning, "Model version {VersionId} to train does not exist; message dropped")]
    public static partial void ModelVersionMissing(ILogger logger, string versionId);

    [LoggerMessage(6003, LogLevel.Information, "Model version {VersionId} is already {Status}; not trained again")]
    public static partial void ModelTrainingAlreadyFinished(ILogger logger, string versionId, string status);

    [LoggerMessage(6004, LogLevel.Information, "Model version {VersionId} is being trained by another delivery; looking again in {DelaySeconds} s")]
    public static partial void ModelTrainingDeferred(ILogger logger, string versionId, double delaySeconds);

    [LoggerMessage(6005, LogLevel.Information, "Model version {VersionId} was claimed by another delivery; this one stops")]
    public static partial void ModelTrainingClaimedElsewhere(ILogger logger, string versionId);

    [LoggerMessage(6006, LogLevel.Information, "Model version {VersionId} {Status} after {ElapsedMs} ms: benchmark nDCG@10 {BenchmarkNdcg}, compared with {ComparedWith}")]
    public static partial void ModelJudged(ILogger logger, string versionId, string status, double elapsedMs, double? benchmarkNdcg, string comparedWith);

    [LoggerMessage(6007, LogLevel.Warning, "Model version {VersionId} failed: {Reason}")]
    public static partial void ModelTrainingFailed(ILogger logger, string versionId, string reason);

    [LoggerMessage(6008, LogLevel.Warning, "Model version {VersionId}: attempt {Attempt} failed; the message will be retried")]
    public static partial void ModelTrainingAttemptFailed(ILogger logger, Exception exception, string versionId, int attempt);

    [LoggerMessage(6009, LogLevel.Information, "Another model ({ActiveVersion}) was promoted while {VersionId} trained; judging again")]
    public static partial void ActiveModelMoved(ILogger logger, string versionId, string activeVersion);

    [LoggerMessage(6010, LogLevel.Warning, "Active model {VersionId} cannot be loaded by this code; it is not used")]
    public static partial void ActiveModelUnusable(ILogger logger, Exception? exception, string versionId);

    [LoggerMessage(6011, LogLevel.Information, "Ranking model {VersionId} loaded")]
    public static partial void RankingModelLoaded(ILogger logger, string versionId);
}
