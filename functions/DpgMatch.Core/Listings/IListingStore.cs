namespace DpgMatch.Core.Listings;

public interface IListingStore
{
    Task<IReadOnlyList<StoredListing>> GetAllAsync(CancellationToken cancellationToken);

    Task<StoredListing?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Writes listings unconditionally, in as few storage transactions as the store's limits allow.</summary>
    Task UpsertAsync(IReadOnlyCollection<StoredListing> listings, CancellationToken cancellationToken);

    /// <summary>Adds a new listing; null when one with that id exists.</summary>
    Task<StoredListing?> AddAsync(StoredListing listing, CancellationToken cancellationToken);

    /// <summary>Replaces a listing if its ETag still matches; null when someone changed it since.</summary>
    Task<StoredListing?> ReplaceAsync(StoredListing listing, string etag, CancellationToken cancellationToken);

    /// <summary>Changes whenever any listing is written, so every instance can tell its index is stale.</summary>
    Task<string> GetVersionAsync(CancellationToken cancellationToken);
}

public interface IContactStore
{
    /// <summary>Replaces the contacts held for one listing.</summary>
    Task ReplaceAsync(string listingId, IReadOnlyList<ListingContact> contacts, CancellationToken cancellationToken);

    Task<IReadOnlyList<ListingContact>> ListAsync(string listingId, CancellationToken cancellationToken);
}
