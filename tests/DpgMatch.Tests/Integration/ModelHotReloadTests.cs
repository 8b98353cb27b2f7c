using Azure.Storage.Blobs;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Ranking;
using DpgMatch.Infrastructure.Storage;
using DpgMatch.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DpgMatch.Tests.Integration;

/// <summary>The stored model source against real Table and Blob storage, with a fake clock for its check interval.</summary>
public sealed class ModelHotReloadTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-11-27T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly string bundledDirectory = Path.Combine(Path.GetTempPath(), "dpgmatch-bundled-" + Guid.NewGuid().ToString("n"));
    private BlobContainerClient container = null!;
    private ModelTable registry = null!;
    private CountingFiles files = null!;

    public async Task InitializeAsync()
    {
        container = new BlobServiceClient(TestStorage.ConnectionString).GetBlobContainerClient("models-" + Guid.NewGuid().ToString("n")[..12]);
        registry = new ModelTable(await TestStorage.NewTableAsync("models"));
        files = new CountingFiles(new BlobModelFileStore(container));
    }

    public async Task DisposeAsync()
    {
        await container.DeleteIfExistsAsync();
        if (Directory.Exists(bundledDirectory))
        {
            Directory.Delete(bundledDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_newly_promoted_model_is_served_once_the_check_interval_has_passed()
    {
        WriteBundled();
        using var source = Source(checkSeconds: 30);
        Assert.Equal("bundled", (await source.RefreshAsync(CancellationToken.None)).Manifest.Version);

        await PromoteAsync("20261127090000-000001");
        Assert.Equal("bundled", (await source.RefreshAsync(CancellationToken.None)).Manifest.Version);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("bundled", (await source.RefreshAsync(CancellationToken.None)).Manifest.Version);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("20261127090000-000001", (await source.RefreshAsync(CancellationToken.None)).Manifest.Version);
        Assert.Equal("20261127090000-000001", source.Current.Manifest.Version);

        await PromoteAsync("20261127090100-000002");
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("20261127090100-000002", (await source.RefreshAsync(CancellationToken.None)).Manifest.Version);
        Assert.Equal("20261127090100-000002", source.VersionId);
    }

    [Fact]
    public async Task Concurrent_matchers_load_a_promoted_model_once()
    {
        using var source = Source(checkSeconds: 30);
        await PromoteAsync("20261127090000-000003");

        var models = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await source.RefreshAsync(CancellationToken.None))));

        Assert.All(models, m => Assert.Same(models[0], m));
        Assert.Equal(1, files.Loads);
        time.Advance(TimeSpan.FromSeconds(60));
        await source.RefreshAsync(CancellationToken.None);
        Assert.Equal(1, files.Loads);
    }

    [Fact]
    public async Task The_learned_ranker_ranks_with_the_bundled_model_until_one_is_promoted_and_with_the_promoted_one_after()
    {
        WriteBundled();
        using var source = Source(checkSeconds: 30);
        var embedder = new HashingEmbedder();
        var ranker = new LearnedRanker(embedder, source);
        var listings = RegistryCatalogReader.Read(Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry")).Take(40).ToArray();
        using var index = new CatalogIndex(listings, embedder.Embed(listings.Select(EmbeddingTexts.Of).ToArray()));
        var need = new NeedQuery("Health information system", "District health data collection and dashboards", "Health", [3], "Kenya", []);

        await ranker.PrepareAsync(CancellationToken.None);
        var before = ranker.Rank(need, index, 10);
        var nameBefore = ranker.Name;
        await PromoteAsync("20261127090000-000004");
        time.Advance(TimeSpan.FromSeconds(30));
        await ranker.PrepareAsync(CancellationToken.None);
        var after = ranker.Rank(need, index, 10);

        Assert.Equal("learned:bundled", nameBefore);
        Assert.Equal(10, before.Count);
        Assert.All(before, r => Assert.Equal(Features.SchemaHash, r.FeatureSchema));
        Assert.Equal("learned:20261127090000-000004", ranker.Name);
        Assert.Equal(10, after.Count);
    }

    [Fact]
    public async Task A_promoted_model_that_will_not_load_leaves_the_one_in_force()
    {
        WriteBundled();
        using var source = Source(checkSeconds: 30);
        await source.RefreshAsync(CancellationToken.None);

        // The pointer names a version with no files, as after a failed upload.
        Assert.True(await registry.TrySetActiveAsync("20261127090000-00000f", null, time.GetUtcNow(), CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal("bundled", (await source.RefreshAsync(CancellationToken.None)).Manifest.Version);
    }

    [Fact]
    public async Task Without_a_promoted_or_bundled_model_the_learned_ranker_says_so()
    {
        using var source = Source(checkSeconds: 30);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await source.RefreshAsync(CancellationToken.None));
        Assert.Contains("No ranking model", error.Message, StringComparison.Ordinal);
    }

    private StoredRankerModelSource Source(int checkSeconds)
    {
        var options = Options.Create(new RankingOptions { ModelCheckSeconds = checkSeconds, ModelDirectory = bundledDirectory });
        return new StoredRankerModelSource(registry, files, new BundledRankerModelSource(options), options, time, NullLogger<StoredRankerModelSource>.Instance);
    }

    private void WriteBundled()
    {
        Directory.CreateDirectory(bundledDirectory);
        using var model = File.Create(Path.Combine(bundledDirectory, BundledRankerModelSource.ModelFile));
        using var manifest = File.Create(Path.Combine(bundledDirectory, BundledRankerModelSource.ManifestFile));
        Train("bundled").Save(model, manifest);
    }

    private async Task PromoteAsync(string versionId)
    {
        await files.SaveModelAsync(versionId, Train(versionId), CancellationToken.None);
        var active = await registry.GetActiveAsync(CancellationToken.None);
        Assert.True(await registry.TrySetActiveAsync(versionId, active?.ETag, time.GetUtcNow(), CancellationToken.None));
    }

    private static RankerModel Train(string version)
    {
        var random = new Random(version.Length);
        var groups = Enumerable.Range(0, 20).Select(g => new TrainingGroup(
            $"g{g}",
            Enumerable.Range(0, 10).Select(c => Enumerable.Range(0, Features.Count).Select(f => f == 3 ? (c == 0 ? 1f : 0f) + ((float)random.NextDouble() * 0.3f) : (float)random.NextDouble()).ToArray()).ToArray(),
            Enumerable.Range(0, 10).Select(c => c == 0 ? 3 : 0).ToArray())).ToArray();
        return RankerTrainer.Train(groups, new TrainingOptions(Trees: 10, MinimumExamplesPerLeaf: 2), version, "synthetic");
    }

    /// <summary>Counts model loads, to show a promoted model is downloaded once however many matchers ask.</summary>
    private sealed class CountingFiles(IModelFileStore inner) : IModelFileStore
    {
        private int loads;

        public int Loads => loads;

        public Task SaveModelAsync(string versionId, RankerModel model, CancellationToken cancellationToken) => inner.SaveModelAsync(versionId, model, cancellationToken);

        public Task<RankerModel?> LoadModelAsync(string versionId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref loads);
            return inner.LoadModelAsync(versionId, cancellationToken);
        }

        public Task<ModelManifest?> ReadManifestAsync(string versionId, CancellationToken cancellationToken) => inner.ReadManifestAsync(versionId, cancellationToken);

        public Task SaveReportAsync(string versionId, string markdown, CancellationToken cancellationToken) => inner.SaveReportAsync(versionId, markdown, cancellationToken);

        public Task<string?> ReadReportAsync(string versionId, CancellationToken cancellationToken) => inner.ReadReportAsync(versionId, cancellationToken);
    }
}
