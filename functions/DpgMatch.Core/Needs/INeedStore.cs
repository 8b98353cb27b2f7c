namespace DpgMatch.Core.Needs;

public interface INeedStore
{
    /// <summary>Stores a new need; returns the stored one, which is the earlier need when the id already exists.</summary>
    Task<(Need Need, bool Created)> AddAsync(Need need, CancellationToken cancellationToken);

    Task<Need?> GetAsync(string organisation, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Need>> ListAsync(string organisation, CancellationToken cancellationToken);

    Task UpdateStatusAsync(string organisation, string id, NeedStatus status, DateTimeOffset at, CancellationToken cancellationToken);
}
