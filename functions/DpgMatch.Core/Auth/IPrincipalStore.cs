namespace DpgMatch.Core.Auth;

public interface IPrincipalStore
{
    Task AddAsync(PrincipalRecord principal, CancellationToken cancellationToken);

    Task<PrincipalRecord?> FindByKeyHashAsync(string keyHash, CancellationToken cancellationToken);
}
