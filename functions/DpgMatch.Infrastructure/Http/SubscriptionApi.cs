using DpgMatch.Core.Auth;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Notifications;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

public sealed class SubscriptionApi(ApiPipeline pipeline, SubscriptionService subscriptions)
{
    public Task<ApiResponse> SetAsync(HttpRequest request, string listingId, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, [Role.Maintainer], async caller =>
        {
            var (input, invalid) = await JsonBody.ReadAsync(request, DpgMatchJson.Default.SubscriptionInput, 16 * 1024, cancellationToken);
            return input is null
                ? invalid!
                : ApiResults.From(await subscriptions.SetAsync(caller, listingId, input, cancellationToken), DpgMatchJson.Default.SubscriptionView);
        }, cancellationToken);
}
