using Azure;
using Azure.Storage.Queues;
using DpgMatch.Core.Messaging;

namespace DpgMatch.Cli.Load;

/// <summary>
/// Samples the depth of the matching and notification queues once a second, to show where needs wait: a deep
/// needs-to-match queue that drains steadily points at the matcher, a deep notifications queue at the sender.
/// </summary>
public sealed class QueueDepthSampler : IAsyncDisposable
{
    private readonly QueueClient needsToMatch;
    private readonly QueueClient notifications;
    private readonly Func<double> nowSeconds;
    private readonly List<QueueDepthSample> samples = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public QueueDepthSampler(string connectionString, Func<double> nowSeconds)
    {
        var queues = new QueueServiceClient(connectionString);
        needsToMatch = queues.GetQueueClient(QueueNames.NeedsToMatch);
        notifications = queues.GetQueueClient(QueueNames.Notifications);
        this.nowSeconds = nowSeconds;
        loop = Task.Run(RunAsync);
    }

    public IReadOnlyList<QueueDepthSample> Samples
    {
        get
        {
            lock (samples)
            {
                return samples.ToArray();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (true)
        {
            try
            {
                var at = nowSeconds();
                var match = needsToMatch.GetPropertiesAsync(stop.Token);
                var notify = notifications.GetPropertiesAsync(stop.Token);
                var sample = new QueueDepthSample(at, (await match).Value.ApproximateMessagesCount, (await notify).Value.ApproximateMessagesCount);
                lock (samples)
                {
                    samples.Add(sample);
                }
            }
            catch (RequestFailedException)
            {
                // A missed sample leaves a gap in the timeline; it must not end the run.
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
