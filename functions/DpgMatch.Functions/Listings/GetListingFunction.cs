using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Listings;

public sealed class GetListingFunction(ListingsApi api)
{
    [Function(nameof(GetListingFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/listings/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.GetAsync(id, cancellationToken).AsAction();
}
