using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Blobs;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Feedback;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Ranking;
using DpgMatch.Infrastructure.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DpgMatch.Tests.Support;

/// <summary>
/// The retraining job over real storage (a Models table and a models container of its own in Azurite) and a small
/// slice of the registry with the hashing embedder, so a retrain takes seconds. Feedback and the queue are
/// in-memory stand-ins for our own interfaces.
/// </summary>
public sealed class RetrainingHarness : IAsyncDisposable
{
    public const int Trees = 40;

    private readonly BlobContainerClient container;
    private readonly CatalogIndexProvider catalog;

    private RetrainingHarness(BlobContainerClient container, ModelTable registry, IReadOnlyList<Listing> listings, IListingStore store)
    {
        this.container = container;
        Registry = registry;
        Files = new BlobModelFileStore(container);
        Listings = listings;
        var matching = Options.Create(new MatchingOptions());
        catalog = new CatalogIndexProvider(store, Embedder, matching, Time);
        Service = new RetrainingService(
            Registry, Files, Feedback, catalog, Embedder, Queue, Options.Create(Ranking), Time, NullLogger<RetrainingService>.Instance);
        Versions = new ModelVersionService(
            Registry, Files, new BundledRankerModelSource(Options.Create(Ranking)), Queue, Options.Create(Ranking), Time, NullLogger<ModelVersionService>.Instance);
    }

    public static Principal Analyst { get; } = new("analyst-1", Role.Analyst, "Analysts", []);

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-27T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public HashingEmbedder Embedder { get; } = new();

    // Without the written needs the training set is the synthetic needs alone, which the feedback below is built
    // to contradict; the end-to-end retrain runs with the written needs.
    public RankingOptions Ranking { get; } = new()
    {
        TrainingTrees = Trees,
        ModelDirectory = Path.Combine(Path.GetTempPath(), "no-bundled-model-" + Guid.NewGuid().ToString("n")),
        TrainingNeedsPath = Path.Combine(Path.GetTempPath(), "no-written-needs-" + Guid.NewGuid().ToString("n") + ".jsonl"),
    };

    public ModelTable Registry { get; }

    public BlobModelFileStore Files { get; }

    public InMemoryFeedback Feedback { get; } = new();

    public RecordingQueueSender Queue { get; } = new();

    public RetrainingService Service { get; }

    public ModelVersionService Versions { get; }

    public IReadOnlyList<Listing> Listings { get; }

    /// <summary>Every other registry DPG (114 of them): enough for a benchmark of a dozen or more needs.</summary>
    public static async Task<RetrainingHarness> CreateAsync()
    {
        var listings = RegistryCatalogReader.Read(Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry"))
            .OrderBy(l => l.Id, StringComparer.Ordinal)
            .Where((_, i) => i % 2 == 0)
            .ToArray();
        var store = new ListingTableStore(await TestStorage.NewTableAsync("listings"), await TestStorage.NewTableAsync("state"));
        var embedder = new HashingEmbedder();
        var vectors = embedder.Embed(listings.Select(EmbeddingTexts.Of).ToArray());
        await store.UpsertAsync(listings.Select((l, i) => new StoredListing(l, l.Id) { Embedding = vectors[i] }).ToArray(), CancellationToken.None);

        var container = new BlobServiceClient(TestStorage.ConnectionString).GetBlobContainerClient("models-" + Guid.NewGuid().ToString("n")[..12]);
        return new RetrainingHarness(container, new ModelTable(await TestStorage.NewTableAsync("models")), listings, store);
    }

    /// <summary>Asks for a retrain as an analyst would and runs the message it queued, as the queue trigger would.</summary>
    public async Task<(string VersionId, RetrainOutcome Outcome)> RetrainAsync(int? seed = null)
    {
        Time.Advance(TimeSpan.FromSeconds(1));
        var started = await Versions.StartAsync(Analyst, new RetrainInput(seed), CancellationToken.None);
        var id = started.Value!.Id;
        return (id, await Service.RunAsync(Queue.Take(id), CancellationToken.None));
    }

    /// <summary>The cold-start groups the service builds for this catalogue and seed.</summary>
    public async Task<IReadOnlyList<TrainingGroup>> ColdStartAsync(int seed)
    {
        var index = await catalog.GetAsync(fresh: true, CancellationToken.None);
        return ColdStart.Build(index.Listings, index.Vectors, Embedder, seed, ServedNeeds.None);
    }

    /// <summary>
    /// Feedback that says the opposite of the catalogue: for each cold-start need that is not in the benchmark, twice,
    /// the DPG the need was written from is dismissed (0) and every other candidate adopted (3).
    /// </summary>
    public async Task AddContradictingFeedbackAsync()
    {
        var seed = new TrainingOptions().Seed;
        foreach (var group in (await ColdStartAsync(seed)).Where(g => !RetrainingData.IsHeldOut(RetrainingData.ColdStartSource(g.Key))))
        {
            for (var copy = 0; copy < 2; copy++)
            {
                var needId = Guid.NewGuid().ToString("n");
                for (var i = 0; i < group.Features.Count; i++)
                {
                    Feedback.Add(new FeedbackRecord(
                        needId, $"candidate-{i}", "officer", "officer-1", "adopted", 3 - group.Grades[i], null, "learned:test", group.Features[i], Time.GetUtcNow())
                    {
                        FeatureSchema = Features.SchemaHash,
                    });
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        catalog.Dispose();
        await container.DeleteIfExistsAsync();
    }

    public sealed class InMemoryFeedback : IFeedbackStore
    {
        private readonly ConcurrentQueue<FeedbackRecord> rows = new();

        public void Add(FeedbackRecord record) => rows.Enqueue(record);

        public void Clear() => rows.Clear();

        public Task UpsertAsync(FeedbackRecord feedback, CancellationToken cancellationToken)
        {
            Add(feedback);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<FeedbackRecord>> ListAsync(string needId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<FeedbackRecord>>(rows.Where(r => r.NeedId == needId).ToArray());

        public Task<IReadOnlyList<FeedbackRecord>> ListAllAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<FeedbackRecord>>(rows.ToArray());
    }

    public sealed class RecordingQueueSender : IQueueSender
    {
        public ConcurrentQueue<(string Queue, string Body, TimeSpan? Delay)> Sent { get; } = new();

        public Task SendAsync(string queue, string body, CancellationToken cancellationToken, TimeSpan? delay = null)
        {
            Sent.Enqueue((queue, body, delay));
            return Task.CompletedTask;
        }

        /// <summary>The training message queued for a version.</summary>
        public ModelTrainingRequested Take(string versionId) =>
            Sent.Where(s => s.Queue == QueueNames.ModelTraining)
                .Select(s => JsonSerializer.Deserialize(s.Body, DpgMatchJson.Default.ModelTrainingRequested)!)
                .Last(m => m.VersionId == versionId);
    }
}
