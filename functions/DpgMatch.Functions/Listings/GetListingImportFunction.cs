using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Listings;

public sealed class GetListingImportFunction(ListingsApi api)
{
    [Function(nameof(GetListingImportFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/listings/import/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.GetImportAsync(request, id, cancellationToken).AsAction();
}
