using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Ranking;

public sealed class GetModelFunction(ModelApi api)
{
    [Function(nameof(GetModelFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/model")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.GetActiveAsync(request, cancellationToken).AsAction();
}
