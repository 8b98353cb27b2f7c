using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Ranking;

public sealed class GetModelVersionFunction(ModelApi api)
{
    [Function(nameof(GetModelVersionFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/model/versions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.GetVersionAsync(request, id, cancellationToken).AsAction();
}
