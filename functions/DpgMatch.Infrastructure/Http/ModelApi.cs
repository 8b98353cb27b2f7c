using DpgMatch.Core.Auth;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Ranking;
using DpgMatch.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

/// <summary>The ranking model routes: analysts retrain and follow versions; analysts and admins read the active model.</summary>
public sealed class ModelApi(ApiPipeline pipeline, ModelVersionService models)
{
    public const string MarkdownContentType = "text/markdown; charset=utf-8";
    private static readonly Role[] Analysts = [Role.Analyst];
    private static readonly Role[] Readers = [Role.Analyst, Role.Admin];

    /// <summary>202: the version is stored as queued and its training is on the <c>model-training</c> queue. The body is optional.</summary>
    public Task<ApiResponse> RetrainAsync(HttpRequest request, CancellationToken cancellationToken) =>
        pipeline.CreateAsync(
            request,
            Analysts,
            "model.retrain",
            DpgMatchJson.Default.RetrainInput,
            async (caller, input, _) =>
            {
                var result = await models.StartAsync(caller, input, cancellationToken);
                return result.Succeeded
                    ? ApiResults.Json(result.Value!, DpgMatchJson.Default.ModelVersionView, StatusCodes.Status202Accepted)
                        .WithHeader("Location", ModelVersionService.VersionPath(result.Value!.Id))
                    : ApiResults.Failure(result);
            },
            cancellationToken,
            16 * 1024,
            bodyOptional: true);

    public Task<ApiResponse> GetActiveAsync(HttpRequest request, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, Readers, async caller =>
            ApiResults.From(await models.GetActiveAsync(caller, cancellationToken), DpgMatchJson.Default.ModelView), cancellationToken);

    public Task<ApiResponse> ListVersionsAsync(HttpRequest request, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, Analysts, async caller =>
            ApiResults.From(await models.ListAsync(caller, cancellationToken), DpgMatchJson.Default.ModelVersionList), cancellationToken);

    public Task<ApiResponse> GetVersionAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, Analysts, async caller =>
            ApiResults.From(await models.GetAsync(caller, id, cancellationToken), DpgMatchJson.Default.ModelVersionView), cancellationToken);

    public Task<ApiResponse> GetReportAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, Analysts, async caller =>
        {
            var result = await models.GetReportAsync(caller, id, cancellationToken);
            return result.Kind == ResultKind.Ok
                ? new ApiResponse(StatusCodes.Status200OK, MarkdownContentType, System.Text.Encoding.UTF8.GetBytes(result.Value!), new Dictionary<string, string>())
                : ApiResults.Failure(result);
        }, cancellationToken);
}
