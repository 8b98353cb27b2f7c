using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Notifications;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.Integration;

/// <summary>A maintainer on daily frequency gets one email for the day's fits, however many messages bring it.</summary>
public sealed class DailyDigestTests
{
    [Fact]
    public async Task The_days_fits_go_out_in_one_email_once()
    {
        var harness = await NotificationHarness.CreateAsync();
        var (needs, matches, subscriptions, digests) = (harness.Needs, harness.Matches, harness.Subscriptions, harness.Digests);

        await subscriptions.UpsertAsync(new Subscription("dhis2", "maintainer-1", "team@example.org", Frequencies.Daily, "es"), CancellationToken.None);
        await subscriptions.UpsertAsync(new Subscription("openmrs", "maintainer-1", "team@example.org", Frequencies.Daily, "es"), CancellationToken.None);
        var messages = new List<NotificationRequested>();
        foreach (var (listing, title) in new[] { ("dhis2", "Health reporting"), ("openmrs", "Clinic records") })
        {
            var need = new Need(Guid.NewGuid().ToString("n"), "Daily City", "p", title, "A need of the city.", null, [], null, [], null,
                "officer@example.org", NeedStatus.Matched, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
            await needs.AddAsync(need, CancellationToken.None);
            await matches.ReplaceAsync(need.Id, [new Match(need.Id, listing, listing.ToUpperInvariant(), 1, 0.9, "baseline-v1", [new MatchReason("sdg", "covers SDG 3", 0.15)], DateTimeOffset.UtcNow)], CancellationToken.None);
            await digests.AddAsync("maintainer-1", "2026-11-26", new DigestItem(need.Organisation, need.Id, listing), CancellationToken.None);
            messages.Add(new NotificationRequested(NotificationKinds.MaintainerDaily, need.Organisation, need.Id, null, "maintainer-1", "2026-11-26"));
        }

        foreach (var message in messages)
        {
            await harness.Service.SendAsync(message, CancellationToken.None);
        }

        var email = Assert.Single(harness.Sent);
        Assert.Empty(harness.Queued);
        Assert.Equal("team@example.org", email.To);
        Assert.StartsWith("2 necesidades encajan", email.Subject, StringComparison.Ordinal);
        Assert.Contains("Health reporting", email.PlainText, StringComparison.Ordinal);
        Assert.Contains("Clinic records", email.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("officer@example.org", email.PlainText, StringComparison.Ordinal);
    }
}
