namespace DpgMatch.Core.Matching;

public interface IMatchStore
{
    /// <summary>Replaces the need's matches with these, so a re-run of matching leaves no stale rows behind.</summary>
    Task ReplaceAsync(string needId, IReadOnlyList<Match> matches, CancellationToken cancellationToken);

    Task<IReadOnlyList<Match>> ListAsync(string needId, CancellationToken cancellationToken);

    Task<Match?> GetAsync(string needId, string listingId, CancellationToken cancellationToken);
}
