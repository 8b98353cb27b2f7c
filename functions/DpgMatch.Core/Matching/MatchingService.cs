using System.Text.Json;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Diagnostics;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Notifications;
using DpgMatch.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DpgMatch.Core.Matching;

public sealed class MatchingService(
    INeedStore needs,
    IMatchStore matches,
    IListingStore listings,
    CatalogIndexProvider catalog,
    INeedRanker ranker,
    NeedService needService,
    IQueueSender queue,
    ISubscriptionStore subscriptions,
    IDigestStore digests,
    IOptions<NotificationOptions> notificationOptions,
    IOptions<MatchingOptions> options,
    TimeProvider time,
    ILogger<MatchingService> logger)
{
    /// <summary>
    /// Handles one <c>needs-to-match</c> message. Safe to run twice for the same need: matches are replaced,
    /// and the notification it queues has a deterministic id that the sender sends only once.
    /// Failures escape so the host retries the message and finally moves it to the poison queue.
    /// </summary>
    public async Task MatchAsync(NeedToMatch message, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        // Matching again is only for a run that died half-way; a need already matched has its matches.
        var begun = await needs.TransitionAsync(
            message.Organisation, message.NeedId, s => s is NeedStatus.Received or NeedStatus.Matching, NeedStatus.Matching, time.GetUtcNow(), cancellationToken);
        if (begun.Need is null)
        {
            Log.NeedToMatchMissing(logger, message.NeedId);
            return;
        }

        if (!begun.Applied && begun.Need.Status == NeedStatus.Matched)
        {
            // A second delivery, perhaps because the first failed after the need was matched and before its
            // notifications were queued: queue them again. Their ids make the ones already sent no-ops.
            var stored = await matches.ListAsync(begun.Need.Id, cancellationToken);
            await QueueNotificationsAsync(begun.Need, stored, time.GetUtcNow(), cancellationToken);
            return;
        }

        if (!begun.Applied)
        {
            Log.NeedNotOpen(logger, message.NeedId, begun.Need.Status.ToApi());
            return;
        }

        var need = begun.Need;
        var index = await catalog.GetAsync(cancellationToken);
        await ranker.PrepareAsync(cancellationToken);
        var now = time.GetUtcNow();
        var rows = Rank(need, index, now);

        await matches.ReplaceAsync(need.Id, rows, cancellationToken);
        var finished = await needs.TransitionAsync(
            need.Organisation, need.Id, s => s == NeedStatus.Matching, NeedStatus.Matched, now, cancellationToken);
        if (!finished.Applied)
        {
            // Closed or withdrawn while we ranked: keep the matches, mail nobody.
            Log.NeedNotOpen(logger, need.Id, finished.Need?.Status.ToApi() ?? "deleted");
            return;
        }

        await QueueNotificationsAsync(need, rows, now, cancellationToken);
        Log.NeedMatched(logger, need.Id, rows.Length, time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Handles one <c>listings-changed</c> message: each matched, still-open need is ranked again, and where a
    /// changed listing now enters its matches, the need's matches are replaced and its officer gets a short alert
    /// (and the listing's subscribed maintainers a fit alert). Notification ids make a second run send nothing new.
    /// </summary>
    public async Task MatchChangedListingsAsync(ListingsChanged message, CancellationToken cancellationToken)
    {
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var version in message.Listings)
        {
            // A later change has its own message; this one judges only the content it announced.
            if (await listings.GetAsync(version.Id, cancellationToken) is { } stored
                && string.Equals(stored.ContentHash, version.ContentHash, StringComparison.Ordinal))
            {
                current.Add(version.Id);
            }
        }

        if (current.Count == 0)
        {
            Log.ListingChangeSuperseded(logger, message.Listings.Count);
            return;
        }

        var started = time.GetTimestamp();
        var index = await catalog.GetAsync(fresh: true, cancellationToken);
        await ranker.PrepareAsync(cancellationToken);
        var now = time.GetUtcNow();
        var open = (await needs.ListMatchedAsync(options.Value.MaxNeedsPerListingChange, cancellationToken))
            .Where(n => n.TenderEnd is not { } end || end > now)
            .ToArray();
        var alerts = 0;
        foreach (var need in open)
        {
            var rows = Rank(need, index, now);
            var known = (await matches.ListAsync(need.Id, cancellationToken)).Select(m => m.ListingId).ToHashSet(StringComparer.Ordinal);
            var entered = rows.Where(r => current.Contains(r.ListingId) && !known.Contains(r.ListingId)).ToArray();
            if (entered.Length == 0)
            {
                continue;
            }

            await matches.ReplaceAsync(need.Id, rows, cancellationToken);
            foreach (var match in entered)
            {
                var alert = new NotificationRequested(NotificationKinds.OfficerAlert, need.Organisation, need.Id, match.ListingId);
                await queue.SendAsync(QueueNames.Notifications, JsonSerializer.Serialize(alert, DpgMatchJson.Default.NotificationRequested), cancellationToken);
                alerts++;
            }

            await QueueMaintainerAlertsAsync(need, entered, now, cancellationToken);
        }

        Log.ListingChangeMatched(logger, current.Count, open.Length, alerts, time.GetElapsedTime(started).TotalMilliseconds);
    }

    private Match[] Rank(Need need, CatalogIndex index, DateTimeOffset now) =>
        // A listing with no reason at all to fit (no shared word, SDG, sector or country) is not a match.
        ranker.Rank(NeedQuery.From(need), index, options.Value.TopK)
            .Where(r => r.Reasons.Count > 0)
            .Select((r, i) => new Match(need.Id, r.ListingId, r.ListingName, i + 1, r.Score, ranker.Name, r.Reasons, now) { Features = r.Features, FeatureSchema = r.FeatureSchema })
            .ToArray();

    private async Task QueueNotificationsAsync(Need need, IReadOnlyList<Match> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var notification = new NotificationRequested(NotificationKinds.OfficerDigest, need.Organisation, need.Id);
        await queue.SendAsync(
            QueueNames.Notifications,
            JsonSerializer.Serialize(notification, DpgMatchJson.Default.NotificationRequested),
            cancellationToken);
        await QueueMaintainerAlertsAsync(need, rows, now, cancellationToken);
    }

    /// <summary>Maintainers who asked to hear of fitting needs: an alert now, or an item in tomorrow's digest.</summary>
    private async Task QueueMaintainerAlertsAsync(Need need, IReadOnlyList<Match> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var match in rows)
        {
            foreach (var subscription in await subscriptions.ListAsync(match.ListingId, cancellationToken))
            {
                if (subscription.Frequency == Frequencies.Immediate)
                {
                    var alert = new NotificationRequested(NotificationKinds.MaintainerFit, need.Organisation, need.Id, match.ListingId, subscription.PrincipalId);
                    await queue.SendAsync(QueueNames.Notifications, JsonSerializer.Serialize(alert, DpgMatchJson.Default.NotificationRequested), cancellationToken);
                }
                else if (subscription.Frequency == Frequencies.Daily)
                {
                    // Collected for the day; the digest message comes back after the day is over. Several
                    // messages for one maintainer and day still send one email: the ledger id is per day.
                    var day = now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                    await digests.AddAsync(subscription.PrincipalId, day, new DigestItem(need.Organisation, need.Id, match.ListingId), cancellationToken);
                    var sendAt = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(notificationOptions.Value.DailyDigestHourUtc), TimeSpan.Zero);
                    var digest = new NotificationRequested(NotificationKinds.MaintainerDaily, need.Organisation, need.Id, null, subscription.PrincipalId, day);
                    await queue.SendAsync(QueueNames.Notifications, JsonSerializer.Serialize(digest, DpgMatchJson.Default.NotificationRequested), cancellationToken, sendAt - now);
                }
            }
        }

    }

    public async Task<Result<MatchList>> ListAsync(Principal caller, string needId, CancellationToken cancellationToken)
    {
        var need = await needService.FindOwnedAsync(caller, needId, cancellationToken);
        if (need is null)
        {
            return Result<MatchList>.NotFound();
        }

        var rows = await matches.ListAsync(need.Id, cancellationToken);
        return Result<MatchList>.Ok(new MatchList(
            need.Id,
            need.Status.ToApi(),
            rows.OrderBy(m => m.Rank).Select(MatchView.From).ToArray()));
    }
}
