using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Polly;
using Polly.Simmy;
using Polly.Simmy.Latency;

namespace DpgMatch.Tests.Support;

/// <summary>
/// Fault injection into the product's own storage calls (Tables, Queues, Blobs), as an Azure SDK pipeline
/// policy driven by Polly's chaos strategies. A fault before commit answers 503 without sending the request; a
/// fault after commit sends it, so the write happens, and then answers 503 or fails like a timeout, so the
/// client cannot know it happened. It sits per retry, under the SDK's own retries, as a flaky network would.
/// Off until a test switches it on.
/// </summary>
public sealed class StorageChaosPolicy : HttpPipelinePolicy
{
    private readonly Random random;
    private readonly Lock gate = new();
    private ResiliencePipeline before = ResiliencePipeline.Empty;
    private ResiliencePipeline after = ResiliencePipeline.Empty;
    private int calls;
    private int beforeCommit;
    private int afterCommit503;
    private int afterCommitTimeouts;
    private int delayed;

    public StorageChaosPolicy(int seed) => random = new Random(seed);

    public ChaosCounts Counts => new(
        Volatile.Read(ref calls), Volatile.Read(ref beforeCommit), Volatile.Read(ref afterCommit503), Volatile.Read(ref afterCommitTimeouts), Volatile.Read(ref delayed));

    /// <summary>Faults on this share of calls, half before and half after commit; a third of those after are timeouts.</summary>
    public void Enable(double faultRate, double latencyRate = 0, TimeSpan? latency = null)
    {
        before = new ResiliencePipelineBuilder()
            .AddChaosLatency(new ChaosLatencyStrategyOptions
            {
                InjectionRate = latencyRate,
                Latency = latency ?? TimeSpan.FromMilliseconds(50),
                Randomizer = Next,
                OnLatencyInjected = _ => { Interlocked.Increment(ref delayed); return default; },
            })
            .AddChaosFault(new Polly.Simmy.Fault.ChaosFaultStrategyOptions
            {
                InjectionRate = faultRate / 2,
                Randomizer = Next,
                FaultGenerator = _ => new ValueTask<Exception?>(new InjectedFault(FaultKind.BeforeCommit)),
            })
            .Build();
        after = new ResiliencePipelineBuilder()
            .AddChaosFault(new Polly.Simmy.Fault.ChaosFaultStrategyOptions
            {
                InjectionRate = faultRate / 2,
                Randomizer = Next,
                FaultGenerator = _ => new ValueTask<Exception?>(new InjectedFault(Next() < 1.0 / 3 ? FaultKind.Timeout : FaultKind.AfterCommit)),
            })
            .Build();
    }

    public void Disable()
    {
        before = ResiliencePipeline.Empty;
        after = ResiliencePipeline.Empty;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref calls);
        try
        {
            await before.ExecuteAsync(static _ => ValueTask.CompletedTask, message.CancellationToken);
        }
        catch (InjectedFault)
        {
            Interlocked.Increment(ref beforeCommit);
            message.Response = new InjectedResponse(message.Request.ClientRequestId);
            return;
        }

        await ProcessNextAsync(message, pipeline);

        try
        {
            await after.ExecuteAsync(static _ => ValueTask.CompletedTask, message.CancellationToken);
        }
        catch (InjectedFault fault) when (fault.Kind == FaultKind.Timeout)
        {
            Interlocked.Increment(ref afterCommitTimeouts);
            message.Response.Dispose();
            throw new IOException("Injected: the connection dropped after the request was sent.");
        }
        catch (InjectedFault)
        {
            Interlocked.Increment(ref afterCommit503);
            message.Response.Dispose();
            message.Response = new InjectedResponse(message.Request.ClientRequestId);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    // Seeded, and shared by every call, so a run's sequence of decisions depends only on the seed and the order of calls.
    private double Next()
    {
        lock (gate)
        {
            return random.NextDouble();
        }
    }

    private enum FaultKind
    {
        BeforeCommit,
        AfterCommit,
        Timeout,
    }

    private sealed class InjectedFault(FaultKind kind) : Exception("Injected storage fault.")
    {
        public FaultKind Kind { get; } = kind;
    }

    /// <summary>What the storage service answers when it is too busy: 503 Server Busy, which the SDK retries.</summary>
    private sealed class InjectedResponse(string clientRequestId) : Response
    {
        public override int Status => 503;

        public override string ReasonPhrase => "Server Busy (injected)";

        // The transport marks real responses; this one never reaches it, so it says so itself, and the SDK retries.
        public override bool IsError => true;

        public override Stream? ContentStream { get; set; } = new MemoryStream();

        public override string ClientRequestId { get; set; } = clientRequestId;

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}

public sealed record ChaosCounts(int Calls, int BeforeCommit, int AfterCommit503, int AfterCommitTimeouts, int Delayed)
{
    public int Faults => BeforeCommit + AfterCommit503 + AfterCommitTimeouts;
}
