using System.Text;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Notifications;
using DpgMatch.Infrastructure.Storage;
using DpgMatch.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DpgMatch.Tests.Integration;

/// <summary>The daily cap holds: past it, an email is deferred to the next day, neither sent nor dropped.</summary>
public sealed class SpendGuardTests
{
    private sealed class CountingSender : IEmailSender
    {
        public List<EmailMessage> Sent { get; } = [];

        public Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
        {
            Sent.Add(message);
            return Task.FromResult(new SendResult(SendOutcome.Accepted, 202, "id", null));
        }
    }

    private sealed class RecordingQueue : IQueueSender
    {
        public List<(string Queue, string Body, TimeSpan? Delay)> Messages { get; } = [];

        public Task SendAsync(string queue, string body, CancellationToken cancellationToken, TimeSpan? delay = null)
        {
            Messages.Add((queue, body, delay));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Past_the_organisations_daily_cap_an_email_waits_for_the_next_day()
    {
        var needs = new NeedTableStore(await TestStorage.NewTableAsync("needs"));
        var sender = new CountingSender();
        var queue = new RecordingQueue();
        var options = Options.Create(new NotificationOptions { SigningKey = new string('k', 40), DailyCapPerOrganisation = 1 });
        var service = new NotificationService(
            needs,
            new MatchTableStore(await TestStorage.NewTableAsync("matches")),
            new NotificationLedgerTable(await TestStorage.NewTableAsync("ledger"), TimeProvider.System),
            new SuppressionTable(await TestStorage.NewTableAsync("suppress"), TimeProvider.System),
            new SubscriptionTable(await TestStorage.NewTableAsync("subs")),
            new DigestItemTable(await TestStorage.NewTableAsync("digest")),
            new SpendCounterTable(await TestStorage.NewTableAsync("spend")),
            sender,
            queue,
            new UnsubscribeTokens(Encoding.UTF8.GetBytes(new string('k', 40)), TimeProvider.System),
            options,
            TimeProvider.System,
            NullLogger<NotificationService>.Instance);

        var requests = new List<NotificationRequested>();
        for (var i = 0; i < 2; i++)
        {
            var need = new Need(Guid.NewGuid().ToString("n"), "Capped City", "p", $"Need {i}", "A need of the capped city.", null, [], null, [], null,
                $"capped-{i}@example.org", NeedStatus.Matched, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
            await needs.AddAsync(need, CancellationToken.None);
            requests.Add(new NotificationRequested(NotificationKinds.OfficerDigest, need.Organisation, need.Id));
        }

        foreach (var request in requests)
        {
            await service.SendAsync(request, CancellationToken.None);
        }

        Assert.Single(sender.Sent);
        var deferred = Assert.Single(queue.Messages);
        Assert.Equal(QueueNames.Notifications, deferred.Queue);
        var untilTomorrow = DateTime.UtcNow.Date.AddDays(1) - DateTime.UtcNow;
        Assert.InRange(deferred.Delay!.Value, untilTomorrow, untilTomorrow + TimeSpan.FromMinutes(6));
        Assert.Contains(requests[1].NeedId, deferred.Body, StringComparison.Ordinal);
    }
}
