using System.Text.Json;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Notifications;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.Integration;

/// <summary>
/// A send that timed out is never repeated blindly: it waits for the Event Webhook, and only the configured rule
/// settles what the webhook never reported.
/// </summary>
public sealed class UnknownSettlementTests
{
    private static readonly SendResult Timeout = new(SendOutcome.Unknown, 0, null, "The mail provider did not answer in time.");

    [Fact]
    public async Task A_timed_out_send_queues_its_settlement_and_redelivery_sends_nothing()
    {
        var harness = await NotificationHarness.CreateAsync(o => o.UnknownSettleMinutes = 90);
        harness.Outcomes.Enqueue(Timeout);
        var request = await DigestRequestAsync(harness);

        await harness.Service.SendAsync(request, CancellationToken.None);
        await harness.Service.SendAsync(request, CancellationToken.None);

        Assert.Single(harness.Sent);
        var settle = Assert.Single(harness.Queued);
        Assert.Equal(TimeSpan.FromMinutes(90), settle.Delay);
        Assert.True(Parse(settle.Body).Settle);
    }

    [Fact]
    public async Task By_default_an_unknown_send_is_settled_as_sent_without_a_second_email()
    {
        var harness = await NotificationHarness.CreateAsync();
        harness.Outcomes.Enqueue(Timeout);
        var request = await DigestRequestAsync(harness);
        await harness.Service.SendAsync(request, CancellationToken.None);

        var settle = Parse(Assert.Single(harness.Queued).Body);
        await harness.Service.SendAsync(settle, CancellationToken.None);
        await harness.Service.SendAsync(request, CancellationToken.None);

        Assert.Single(harness.Sent);
        var claim = await harness.Ledger.TryClaimAsync(NotificationIds.RecipientKey(harness.Sent[0].To), NotificationId(harness.Sent[0]), NotificationKinds.OfficerDigest, TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.Equal(ClaimOutcome.AlreadySent, claim.Outcome);
    }

    [Fact]
    public async Task The_resend_rule_sends_once_more_however_often_the_settlement_arrives()
    {
        var harness = await NotificationHarness.CreateAsync(o => o.UnknownResolution = UnknownResolution.Resend);
        harness.Outcomes.Enqueue(Timeout);
        var request = await DigestRequestAsync(harness);
        await harness.Service.SendAsync(request, CancellationToken.None);

        var settle = Parse(Assert.Single(harness.Queued).Body);
        await harness.Service.SendAsync(settle, CancellationToken.None);
        await harness.Service.SendAsync(settle, CancellationToken.None);
        await harness.Service.SendAsync(request, CancellationToken.None);

        Assert.Equal(2, harness.Sent.Count);
        Assert.Equal(NotificationId(harness.Sent[0]), NotificationId(harness.Sent[1]));
    }

    [Fact]
    public async Task An_event_that_arrived_first_wins_over_the_resend_rule()
    {
        var harness = await NotificationHarness.CreateAsync(o => o.UnknownResolution = UnknownResolution.Resend);
        harness.Outcomes.Enqueue(Timeout);
        var request = await DigestRequestAsync(harness);
        await harness.Service.SendAsync(request, CancellationToken.None);

        // What the Event Webhook does on "delivered".
        var email = harness.Sent[0];
        await harness.Ledger.MarkSentAsync(NotificationIds.RecipientKey(email.To), NotificationId(email), "sg-1", CancellationToken.None);
        await harness.Service.SendAsync(Parse(Assert.Single(harness.Queued).Body), CancellationToken.None);

        Assert.Single(harness.Sent);
    }

    private static async Task<NotificationRequested> DigestRequestAsync(NotificationHarness harness)
    {
        var need = new Need(Guid.NewGuid().ToString("n"), "Timeout City", "p", "A need", "A need whose email times out.", null, [], null, [], null,
            $"timeout-{Guid.NewGuid():n}@example.org", NeedStatus.Matched, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        await harness.Needs.AddAsync(need, CancellationToken.None);
        return new NotificationRequested(NotificationKinds.OfficerDigest, need.Organisation, need.Id);
    }

    private static NotificationRequested Parse(string body) =>
        JsonSerializer.Deserialize(body, DpgMatchJson.Default.NotificationRequested)!;

    private static string NotificationId(EmailMessage email) => email.CustomArgs["notification_id"];
}
