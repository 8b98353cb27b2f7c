using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Needs;

public sealed class WithdrawNeedFunction(NeedsApi api)
{
    [Function(nameof(WithdrawNeedFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/needs/{id}/withdraw")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        api.WithdrawAsync(request, id, cancellationToken).AsAction();
}
