using DpgMatch.Core.Listings;
using Microsoft.Extensions.Options;

namespace DpgMatch.Core.Matching;

/// <summary>
/// Keeps the catalogue's index in memory between matches: reading and indexing every listing costs far more
/// than scoring one need. Every few seconds it reads the catalogue's version (one point read) and rebuilds
/// only when a listing was written, on any instance, since the index was built.
/// </summary>
public sealed class CatalogIndexProvider(IListingStore store, ITextEmbedder embedder, IOptions<MatchingOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Snapshot? current;

    public Task<CatalogIndex> GetAsync(CancellationToken cancellationToken) => GetAsync(fresh: false, cancellationToken);

    /// <param name="fresh">Reads the catalogue's version now rather than trusting a recent check.</param>
    public async Task<CatalogIndex> GetAsync(bool fresh, CancellationToken cancellationToken)
    {
        if (!fresh && current is { } recent && !IsDue(recent))
        {
            return recent.Index;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!fresh && current is { } s && !IsDue(s))
            {
                return s.Index;
            }

            var version = await store.GetVersionAsync(cancellationToken);
            if (current is { } known && string.Equals(known.Version, version, StringComparison.Ordinal))
            {
                current = known with { CheckedAt = time.GetUtcNow() };
                return known.Index;
            }

            var stored = (await store.GetAllAsync(cancellationToken)).OrderBy(l => l.Listing.Id, StringComparer.Ordinal).ToArray();

            // Listings written before embeddings were stored get theirs now; new writes carry their own.
            var missing = stored.Where(l => l.Embedding is not { Length: > 0 }).ToArray();
            var computed = missing.Length == 0 ? [] : embedder.Embed(missing.Select(l => EmbeddingTexts.Of(l.Listing)).ToArray(), cancellationToken);
            var byId = missing.Select((l, i) => (l.Listing.Id, computed[i])).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal);
            var index = new CatalogIndex(
                stored.Select(l => l.Listing).ToArray(),
                stored.Select(l => l.Embedding is { Length: > 0 } e ? e : byId[l.Listing.Id]).ToArray());
            current = new Snapshot(index, version, time.GetUtcNow());
            return index;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forces the next use to read the catalogue again, after this instance changed it.</summary>
    public void Invalidate() => current = null;

    public void Dispose() => gate.Dispose();

    private bool IsDue(Snapshot snapshot) =>
        time.GetUtcNow() - snapshot.CheckedAt >= TimeSpan.FromSeconds(options.Value.CatalogCheckSeconds);

    private sealed record Snapshot(CatalogIndex Index, string Version, DateTimeOffset CheckedAt);
}
