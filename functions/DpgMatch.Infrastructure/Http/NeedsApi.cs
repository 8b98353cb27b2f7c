using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Needs;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

/// <summary>The needs routes, shared by the Functions app and the local host.</summary>
public sealed class NeedsApi(ApiAuth auth, NeedService needs, MatchingService matching)
{
    public async Task<IResult> CreateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (caller, unauthorized) = await auth.AuthenticateAsync(request, cancellationToken);
        if (caller is null)
        {
            return unauthorized!;
        }

        var (input, invalid) = await JsonBody.ReadAsync(request, DpgMatchJson.Default.NeedInput, JsonBody.DefaultLimitBytes, cancellationToken);
        if (input is null)
        {
            return invalid!;
        }

        var result = await needs.CreateAsync(caller, input, request.Headers["Idempotency-Key"].FirstOrDefault(), cancellationToken);
        if (!result.Succeeded)
        {
            return ApiResults.Failure(result);
        }

        // 202: the need is stored, its matching has only been queued.
        request.HttpContext.Response.Headers.Location = $"/api/needs/{result.Value!.Id}";
        return ApiResults.Json(result.Value, DpgMatchJson.Default.NeedView, StatusCodes.Status202Accepted);
    }

    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (caller, unauthorized) = await auth.AuthenticateAsync(request, cancellationToken);
        return caller is null
            ? unauthorized!
            : ApiResults.From(await needs.ListAsync(caller, cancellationToken), DpgMatchJson.Default.NeedList);
    }

    public async Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var (caller, unauthorized) = await auth.AuthenticateAsync(request, cancellationToken);
        return caller is null
            ? unauthorized!
            : ApiResults.From(await needs.GetAsync(caller, id, cancellationToken), DpgMatchJson.Default.NeedView);
    }

    public async Task<IResult> ListMatchesAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var (caller, unauthorized) = await auth.AuthenticateAsync(request, cancellationToken);
        return caller is null
            ? unauthorized!
            : ApiResults.From(await matching.ListAsync(caller, id, cancellationToken), DpgMatchJson.Default.MatchList);
    }
}
