using Azure.Storage.Queues;
using DpgMatch.LocalHost.Queues;
using DpgMatch.Tests.Support;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DpgMatch.Tests.Integration;

/// <summary>A handler that always throws: the listener must retry it maxDequeueCount times, then poison it.</summary>
public sealed class PoisonQueueTests
{
    [Fact]
    public async Task A_message_that_always_fails_lands_in_the_poison_queue_unchanged_after_maxDequeueCount_tries()
    {
        var queueName = TestStorage.UniqueQueueName("poison-probe");
        var queues = TestStorage.Queues();
        var queue = queues.GetQueueClient(queueName);
        var poison = queues.GetQueueClient(queueName + "-poison");
        await queue.CreateIfNotExistsAsync();
        var counter = new AttemptCounter();
        var hostJson = Path.Combine(TestStorage.RepoRoot(), "host.json");
        var expectedTries = new QueuesOptionsProbe(hostJson).MaxDequeueCount;

        using var host = new HostBuilder()
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = TestStorage.ConnectionString,
                ["PoisonProbeQueue"] = queueName,
            }))
            .ConfigureWebJobs(b => b.AddAzureStorageQueues(o =>
            {
                HostJsonQueueSettings.Apply(hostJson, o);
                o.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
                o.VisibilityTimeout = TimeSpan.Zero;
            }))
            .ConfigureServices(s =>
            {
                s.AddSingleton(counter);
                s.AddSingleton<ITypeLocator>(new ExplicitTypeLocator(typeof(AlwaysFailingFunction)));
            })
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Critical))
            .Build();
        await host.StartAsync();

        var body = """{"organisation":"Ñandú & Co","needId":"0123456789abcdef0123456789abcdef","note":"<b>é</b>"}""";
        await queue.SendMessageAsync(body);

        Azure.Storage.Queues.Models.QueueMessage? poisoned = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (poisoned is null && DateTime.UtcNow < deadline)
        {
            if (await poison.ExistsAsync())
            {
                var received = await poison.ReceiveMessagesAsync(1);
                poisoned = received.Value.FirstOrDefault();
            }

            if (poisoned is null)
            {
                await Task.Delay(200);
            }
        }

        await host.StopAsync();
        Assert.NotNull(poisoned);
        Assert.Equal(body, poisoned.Body.ToString());
        Assert.Equal(expectedTries, counter.Count);
        Assert.Equal(5, expectedTries);
        var left = await queue.PeekMessagesAsync(1);
        Assert.Empty(left.Value);
    }

    public sealed class AttemptCounter
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public void Increment() => Interlocked.Increment(ref count);
    }

    public sealed class AlwaysFailingFunction(AttemptCounter counter)
    {
        [FunctionName("AlwaysFailing")]
        public Task RunAsync([QueueTrigger("%PoisonProbeQueue%")] string message)
        {
            counter.Increment();
            throw new InvalidOperationException("This handler always fails: " + message.Length);
        }
    }

    private sealed class QueuesOptionsProbe
    {
        public QueuesOptionsProbe(string hostJson)
        {
            var options = new Microsoft.Azure.WebJobs.Host.QueuesOptions();
            HostJsonQueueSettings.Apply(hostJson, options);
            MaxDequeueCount = options.MaxDequeueCount;
        }

        public int MaxDequeueCount { get; }
    }
}
