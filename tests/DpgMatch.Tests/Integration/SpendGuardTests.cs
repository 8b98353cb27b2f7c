using DpgMatch.Core.Messaging;
using DpgMatch.Core.Needs;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.Integration;

/// <summary>The daily cap holds: past it, an email is deferred to the next day, neither sent nor dropped.</summary>
public sealed class SpendGuardTests
{
    [Fact]
    public async Task Past_the_organisations_daily_cap_an_email_waits_for_the_next_day()
    {
        var harness = await NotificationHarness.CreateAsync(o => o.DailyCapPerOrganisation = 1);

        var requests = new List<NotificationRequested>();
        for (var i = 0; i < 2; i++)
        {
            var need = new Need(Guid.NewGuid().ToString("n"), "Capped City", "p", $"Need {i}", "A need of the capped city.", null, [], null, [], null,
                $"capped-{i}@example.org", NeedStatus.Matched, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
            await harness.Needs.AddAsync(need, CancellationToken.None);
            requests.Add(new NotificationRequested(NotificationKinds.OfficerDigest, need.Organisation, need.Id));
        }

        foreach (var request in requests)
        {
            await harness.Service.SendAsync(request, CancellationToken.None);
        }

        Assert.Single(harness.Sent);
        var deferred = Assert.Single(harness.Queued);
        Assert.Equal(QueueNames.Notifications, deferred.Queue);
        var untilTomorrow = DateTime.UtcNow.Date.AddDays(1) - DateTime.UtcNow;
        Assert.InRange(deferred.Delay!.Value, untilTomorrow, untilTomorrow + TimeSpan.FromMinutes(6));
        Assert.Contains(requests[1].NeedId, deferred.Body, StringComparison.Ordinal);
    }
}
