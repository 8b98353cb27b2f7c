using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Listings;

public sealed class CreateListingFunction(ListingsApi api)
{
    [Function(nameof(CreateListingFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/listings")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.CreateAsync(request, cancellationToken).AsAction();
}
