namespace DpgMatch.Core.Needs;

public sealed record Transition(Need? Need, bool Applied);

public interface INeedStore
{
    /// <summary>Stores a new need; returns the stored one, which is the earlier need when the id already exists.</summary>
    Task<(Need Need, bool Created)> AddAsync(Need need, CancellationToken cancellationToken);

    Task<Need?> GetAsync(string organisation, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Need>> ListAsync(string organisation, CancellationToken cancellationToken);

    /// <summary>Matched needs of every organisation, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<Need>> ListMatchedAsync(int max, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the need to <paramref name="target"/> only if its current status passes <paramref name="allowed"/>,
    /// atomically (an ETag-guarded update), so a matcher cannot reopen a need an officer just closed.
    /// </summary>
    Task<Transition> TransitionAsync(
        string organisation, string id, Func<NeedStatus, bool> allowed, NeedStatus target, DateTimeOffset at, CancellationToken cancellationToken);
}
