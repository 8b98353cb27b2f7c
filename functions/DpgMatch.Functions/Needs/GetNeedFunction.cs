using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Needs;

public sealed class GetNeedFunction(NeedsApi api)
{
    [Function(nameof(GetNeedFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/needs/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.GetAsync(request, id, cancellationToken).AsAction();
}
