using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Needs;

public sealed class ListNeedMatchesFunction(NeedsApi api)
{
    [Function(nameof(ListNeedMatchesFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/needs/{id}/matches")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.ListMatchesAsync(request, id, cancellationToken).AsAction();
}
