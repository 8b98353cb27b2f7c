namespace DpgMatch.Core.Listings;

public interface IListingStore
{
    Task<IReadOnlyList<StoredListing>> GetAllAsync(CancellationToken cancellationToken);

    /// <summary>Writes the listings in as few storage transactions as the store's limits allow.</summary>
    Task UpsertAsync(IReadOnlyCollection<StoredListing> listings, CancellationToken cancellationToken);
}
