using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Listings;

public sealed class UpdateListingFunction(ListingsApi api)
{
    [Function(nameof(UpdateListingFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/listings/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.UpdateAsync(request, id, cancellationToken).AsAction();
}
