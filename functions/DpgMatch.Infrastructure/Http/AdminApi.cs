using DpgMatch.Core.Auth;
using DpgMatch.Core.Messaging;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

public sealed class AdminApi(ApiPipeline pipeline, AuthService principals)
{
    /// <summary>Only the bootstrap key may create principals; an admin principal may not mint more keys.</summary>
    public Task<ApiResponse> CreatePrincipalAsync(HttpRequest request, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, [Role.Admin], async caller =>
        {
            if (!caller.IsBootstrapAdmin)
            {
                return ApiResults.Forbidden("Only the bootstrap admin key may create principals.");
            }

            var (body, invalid) = await JsonBody.ReadAsync(request, DpgMatchJson.Default.NewPrincipalRequest, 64 * 1024, cancellationToken);
            if (body is null)
            {
                return invalid!;
            }

            var result = await principals.CreatePrincipalAsync(caller, body, cancellationToken);
            return result.Succeeded
                ? ApiResults.Json(result.Value!, DpgMatchJson.Default.CreatedPrincipal, StatusCodes.Status201Created).WithHeader("Cache-Control", "no-store")
                : ApiResults.Failure(result);
        }, cancellationToken);
}
