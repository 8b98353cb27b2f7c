using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Ranking;

public sealed class ListModelVersionsFunction(ModelApi api)
{
    [Function(nameof(ListModelVersionsFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/model/versions")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.ListVersionsAsync(request, cancellationToken).AsAction();
}
