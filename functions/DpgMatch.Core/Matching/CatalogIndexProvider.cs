using DpgMatch.Core.Listings;
using Microsoft.Extensions.Options;

namespace DpgMatch.Core.Matching;

/// <summary>
/// Keeps the catalogue's index in memory between matches: reading and indexing every listing costs far more
/// than scoring one need. Every few seconds it reads the catalogue's version (one point read) and rebuilds
/// only when a listing was written, on any instance, since the index was built.
/// </summary>
public sealed class CatalogIndexProvider(IListingStore store, IOptions<MatchingOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Snapshot? current;

    public async Task<Bm25Index> GetAsync(CancellationToken cancellationToken)
    {
        if (current is { } fresh && !IsDue(fresh))
        {
            return fresh.Index;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is { } s && !IsDue(s))
            {
                return s.Index;
            }

            var version = await store.GetVersionAsync(cancellationToken);
            if (current is { } known && string.Equals(known.Version, version, StringComparison.Ordinal))
            {
                current = known with { CheckedAt = time.GetUtcNow() };
                return known.Index;
            }

            var listings = await store.GetAllAsync(cancellationToken);
            var index = new Bm25Index(listings.Select(l => l.Listing).OrderBy(l => l.Id, StringComparer.Ordinal).ToArray());
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

    private sealed record Snapshot(Bm25Index Index, string Version, DateTimeOffset CheckedAt);
}
