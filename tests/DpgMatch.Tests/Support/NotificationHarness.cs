using System.Text;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Notifications;
using DpgMatch.Infrastructure.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DpgMatch.Tests.Support;

/// <summary>
/// A notification service over fresh Azurite tables, with fakes only at our own interfaces: a sender that
/// accepts and counts every email, and a queue that records what would be sent again.
/// </summary>
public sealed class NotificationHarness
{
    private NotificationHarness(
        NeedTableStore needs, MatchTableStore matches, SubscriptionTable subscriptions, DigestItemTable digests, NotificationLedgerTable ledger, NotificationService service)
    {
        Ledger = ledger;
        Needs = needs;
        Matches = matches;
        Subscriptions = subscriptions;
        Digests = digests;
        Service = service;
    }

    public NeedTableStore Needs { get; }

    public NotificationLedgerTable Ledger { get; }

    public MatchTableStore Matches { get; }

    public SubscriptionTable Subscriptions { get; }

    public DigestItemTable Digests { get; }

    public NotificationService Service { get; }

    /// <summary>Every email handed to the sender, whatever the sender then answered.</summary>
    public List<EmailMessage> Sent { get; } = [];

    /// <summary>What the sender answers, in turn; once empty, it accepts.</summary>
    public Queue<SendResult> Outcomes { get; } = new();

    public List<(string Queue, string Body, TimeSpan? Delay)> Queued { get; } = [];

    public static async Task<NotificationHarness> CreateAsync(Action<NotificationOptions>? configure = null)
    {
        var signingKey = new string('k', 40);
        var options = new NotificationOptions { SigningKey = signingKey };
        configure?.Invoke(options);
        var needs = new NeedTableStore(await TestStorage.NewTableAsync("needs"));
        var matches = new MatchTableStore(await TestStorage.NewTableAsync("matches"));
        var subscriptions = new SubscriptionTable(await TestStorage.NewTableAsync("subs"));
        var digests = new DigestItemTable(await TestStorage.NewTableAsync("digest"));
        var sender = new CountingSender();
        var queue = new RecordingQueue();
        var ledger = new NotificationLedgerTable(await TestStorage.NewTableAsync("ledger"), TimeProvider.System);
        var service = new NotificationService(
            needs,
            matches,
            ledger,
            new SuppressionTable(await TestStorage.NewTableAsync("suppress"), TimeProvider.System),
            subscriptions,
            digests,
            new SpendCounterTable(await TestStorage.NewTableAsync("spend")),
            sender,
            queue,
            new UnsubscribeTokens(Encoding.UTF8.GetBytes(signingKey), TimeProvider.System),
            Options.Create(options),
            TimeProvider.System,
            NullLogger<NotificationService>.Instance);
        var harness = new NotificationHarness(needs, matches, subscriptions, digests, ledger, service);
        sender.Sent = harness.Sent;
        sender.Outcomes = harness.Outcomes;
        queue.Queued = harness.Queued;
        return harness;
    }

    private sealed class CountingSender : IEmailSender
    {
        public List<EmailMessage> Sent { get; set; } = [];

        public Queue<SendResult> Outcomes { get; set; } = new();

        public Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
        {
            Sent.Add(message);
            return Task.FromResult(Outcomes.TryDequeue(out var outcome) ? outcome : new SendResult(SendOutcome.Accepted, 202, "id", null));
        }
    }

    private sealed class RecordingQueue : IQueueSender
    {
        public List<(string Queue, string Body, TimeSpan? Delay)> Queued { get; set; } = [];

        public Task SendAsync(string queue, string body, CancellationToken cancellationToken, TimeSpan? delay = null)
        {
            Queued.Add((queue, body, delay));
            return Task.CompletedTask;
        }
    }
}
