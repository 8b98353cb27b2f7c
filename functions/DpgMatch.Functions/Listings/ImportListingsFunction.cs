using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Listings;

public sealed class ImportListingsFunction(ListingsApi api)
{
    [Function(nameof(ImportListingsFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/listings/import")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.ImportAsync(request, cancellationToken).AsAction();
}
