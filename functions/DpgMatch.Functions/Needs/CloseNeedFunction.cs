using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Needs;

public sealed class CloseNeedFunction(NeedsApi api)
{
    [Function(nameof(CloseNeedFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/needs/{id}/close")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.CloseAsync(request, id, cancellationToken).AsAction();
}
