using Microsoft.Extensions.Logging;

namespace DpgMatch.Core.Diagnostics;

/// <summary>
/// Every log event of the core, source-generated. Event ids: 1xxx auth, 2xxx needs, 3xxx listings,
/// 4xxx matching, 5xxx notifications. No event carries an email address, a key or a token.
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
}
