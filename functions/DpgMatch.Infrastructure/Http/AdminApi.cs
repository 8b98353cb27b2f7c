using DpgMatch.Core.Auth;
using DpgMatch.Core.Messaging;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

public sealed class AdminApi(ApiAuth auth, AuthService principals)
{
    public async Task<IResult> CreatePrincipalAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (caller, unauthorized) = await auth.AuthenticateAsync(request, cancellationToken);
        if (caller is null)
        {
            return unauthorized!;
        }

        // Only the bootstrap key may create principals; the check is in the service, but a non-admin
        // should not even learn whether its body was valid.
        if (!caller.IsBootstrapAdmin)
        {
            return ApiResults.Problem(StatusCodes.Status403Forbidden, "Forbidden", "Only the bootstrap admin key may create principals.");
        }

        var (body, invalid) = await JsonBody.ReadAsync(request, DpgMatchJson.Default.NewPrincipalRequest, 64 * 1024, cancellationToken);
        if (body is null)
        {
            return invalid!;
        }

        var result = await principals.CreatePrincipalAsync(caller, body, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiResults.Failure(result);
        }

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return ApiResults.Json(result.Value!, DpgMatchJson.Default.CreatedPrincipal, StatusCodes.Status201Created);
    }
}
