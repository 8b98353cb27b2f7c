using DpgMatch.Core.Auth;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

public sealed class ApiAuth(AuthService auth)
{
    /// <summary>The caller, or a 401 problem to return when the request carries no valid key.</summary>
    public async Task<(Principal? Caller, IResult? Failure)> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var caller = await auth.AuthenticateAsync(request.Headers.Authorization.ToString(), cancellationToken);
        return caller is null ? (null, ApiResults.Unauthorized(request)) : (caller, null);
    }
}
