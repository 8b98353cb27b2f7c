using System.Text.Json;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Needs.Ocds;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

/// <summary>The needs routes, shared by the Functions app and the local host.</summary>
public sealed class NeedsApi(ApiPipeline pipeline, NeedService needs, MatchingService matching)
{
    public const int OcdsLimitBytes = 4 * 1024 * 1024;
    private static readonly Role[] Officers = [Role.Officer];

    public Task<ApiResponse> CreateAsync(HttpRequest request, CancellationToken cancellationToken) =>
        pipeline.CreateAsync(request, Officers, "needs.create", DpgMatchJson.Default.NeedInput, async (caller, input, key) =>
        {
            var result = await needs.CreateAsync(caller, input, key, cancellationToken);
            return result.Succeeded
                ? ApiResults.Json(result.Value!, DpgMatchJson.Default.NeedView, StatusCodes.Status202Accepted)
                    .WithHeader("Location", $"/api/needs/{result.Value!.Id}")
                : ApiResults.Failure(result);
        }, cancellationToken);

    /// <summary>202: the needs are stored, their matching is queued. 422 when the document holds no tender.</summary>
    public Task<ApiResponse> CreateFromOcdsAsync(HttpRequest request, CancellationToken cancellationToken) =>
        pipeline.CreateRawAsync(request, Officers, "needs.ocds", OcdsLimitBytes, "application/json", async (caller, bytes, _) =>
        {
            OcdsReadResult document;
            try
            {
                document = OcdsReader.Read(bytes);
            }
            catch (JsonException)
            {
                return ApiResults.Invalid("$", "The body is not valid JSON.");
            }

            var result = await needs.CreateFromOcdsAsync(caller, document, cancellationToken);
            return result.Succeeded
                ? ApiResults.Json(result.Value!, DpgMatchJson.Default.OcdsImportResult, StatusCodes.Status202Accepted)
                : ApiResults.Failure(result);
        }, cancellationToken);

    public Task<ApiResponse> ListAsync(HttpRequest request, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, Officers, async caller =>
            ApiResults.From(await needs.ListAsync(caller, cancellationToken), DpgMatchJson.Default.NeedList), cancellationToken);

    public Task<ApiResponse> GetAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, Officers, async caller =>
            ApiResults.From(await needs.GetAsync(caller, id, cancellationToken), DpgMatchJson.Default.NeedView), cancellationToken);

    public Task<ApiResponse> ListMatchesAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, Officers, async caller =>
            ApiResults.From(await matching.ListAsync(caller, id, cancellationToken), DpgMatchJson.Default.MatchList), cancellationToken);

    public Task<ApiResponse> CloseAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        EndAsync(request, id, NeedStatus.Closed, cancellationToken);

    public Task<ApiResponse> WithdrawAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        EndAsync(request, id, NeedStatus.Withdrawn, cancellationToken);

    private Task<ApiResponse> EndAsync(HttpRequest request, string id, NeedStatus to, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, Officers, async caller =>
            ApiResults.From(await needs.EndAsync(caller, id, to, cancellationToken), DpgMatchJson.Default.NeedView), cancellationToken);
}
