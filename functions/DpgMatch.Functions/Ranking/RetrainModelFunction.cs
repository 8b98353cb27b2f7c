using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Ranking;

public sealed class RetrainModelFunction(ModelApi api)
{
    [Function(nameof(RetrainModelFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/model/retrain")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RetrainAsync(request, cancellationToken).AsAction();
}
