namespace DpgMatch.Core.Listings;

public interface IListingStore
{
    Task<IReadOnlyList<StoredListing>> GetAllAsync(CancellationToken cancellationToken);

    Task<StoredListing?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Id, content hash and source of every listing: what an import compares, without the documents.</summary>
    Task<IReadOnlyList<ListingSummary>> GetSummariesAsync(CancellationToken cancellationToken);

    /// <summary>Writes listings unconditionally, in as few storage transactions as the store's limits allow.</summary>
    Task UpsertAsync(IReadOnlyCollection<StoredListing> listings, CancellationToken cancellationToken);

    /// <summary>Adds a new listing; null when one with that id exists.</summary>
    Task<StoredListing?> AddAsync(StoredListing listing, CancellationToken cancellationToken);

    /// <summary>Replaces a listing if its ETag still matches; null when someone changed it since.</summary>
    Task<StoredListing?> ReplaceAsync(StoredListing listing, string etag, CancellationToken cancellationToken);

    /// <summary>Changes whenever any listing is written, so every instance can tell its index is stale.</summary>
    Task<string> GetVersionAsync(CancellationToken cancellationToken);
}

public sealed record ListingSummary(string Id, string ContentHash, string Source);

public interface IContactStore
{
    /// <summary>Replaces the contacts held for each of these listings, in as few transactions as the store allows.</summary>
    Task ReplaceAsync(IReadOnlyDictionary<string, IReadOnlyList<ListingContact>> contactsByListing, CancellationToken cancellationToken);
}
