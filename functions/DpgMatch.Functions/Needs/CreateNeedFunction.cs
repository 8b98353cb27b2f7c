using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Needs;

public sealed class CreateNeedFunction(NeedsApi api)
{
    [Function(nameof(CreateNeedFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/needs")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.CreateAsync(request, cancellationToken).AsAction();
}
