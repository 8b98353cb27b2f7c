using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Needs;

public sealed class CreateNeedsFromOcdsFunction(NeedsApi api)
{
    [Function(nameof(CreateNeedsFromOcdsFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/needs/ocds")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.CreateFromOcdsAsync(request, cancellationToken).AsAction();
}
