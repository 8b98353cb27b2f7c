using DpgMatch.Core.Auth;
using DpgMatch.Core.Feedback;
using DpgMatch.Core.Messaging;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

public sealed class FeedbackApi(ApiPipeline pipeline, FeedbackService feedback)
{
    public Task<ApiResponse> RecordAsync(HttpRequest request, string needId, string listingId, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, [Role.Officer, Role.Maintainer], async caller =>
        {
            var (input, invalid) = await JsonBody.ReadAsync(request, DpgMatchJson.Default.FeedbackInput, 16 * 1024, cancellationToken);
            return input is null
                ? invalid!
                : ApiResults.From(await feedback.RecordAsync(caller, needId, listingId, input, cancellationToken), DpgMatchJson.Default.FeedbackView);
        }, cancellationToken);
}
