using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Listings;

public sealed class SearchListingsFunction(ListingsApi api)
{
    [Function(nameof(SearchListingsFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/listings")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.SearchAsync(request, cancellationToken).AsAction();
}
