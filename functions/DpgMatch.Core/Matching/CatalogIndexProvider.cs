using DpgMatch.Core.Listings;
using Microsoft.Extensions.Options;

namespace DpgMatch.Core.Matching;

/// <summary>
/// Keeps the catalogue's index in memory between matches: reading and indexing every listing costs far more
/// than scoring one need, and a few seconds' staleness of the catalogue does not change what a need needs.
/// </summary>
public sealed class CatalogIndexProvider(IListingStore store, IOptions<MatchingOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private (Bm25Index Index, DateTimeOffset BuiltAt)? current;

    public async Task<Bm25Index> GetAsync(CancellationToken cancellationToken)
    {
        var snapshot = current;
        if (snapshot is { } s && !IsStale(s.BuiltAt))
        {
            return s.Index;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is { } fresh && !IsStale(fresh.BuiltAt))
            {
                return fresh.Index;
            }

            var listings = await store.GetAllAsync(cancellationToken);
            var index = new Bm25Index(listings.Select(l => l.Listing).OrderBy(l => l.Id, StringComparer.Ordinal).ToArray());
            current = (index, time.GetUtcNow());
            return index;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forces the next match to read the catalogue again, after an import changed it.</summary>
    public void Invalidate() => current = null;

    public void Dispose() => gate.Dispose();

    private bool IsStale(DateTimeOffset builtAt) =>
        time.GetUtcNow() - builtAt >= TimeSpan.FromSeconds(options.Value.CatalogRefreshSeconds);
}
