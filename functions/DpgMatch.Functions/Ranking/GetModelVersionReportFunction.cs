using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Ranking;

public sealed class GetModelVersionReportFunction(ModelApi api)
{
    [Function(nameof(GetModelVersionReportFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/model/versions/{id}/report")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.GetReportAsync(request, id, cancellationToken).AsAction();
}
