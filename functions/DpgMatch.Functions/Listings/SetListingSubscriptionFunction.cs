using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Listings;

public sealed class SetListingSubscriptionFunction(SubscriptionApi api)
{
    [Function(nameof(SetListingSubscriptionFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/listings/{id}/subscription")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.SetAsync(request, id, cancellationToken).AsAction();
}
