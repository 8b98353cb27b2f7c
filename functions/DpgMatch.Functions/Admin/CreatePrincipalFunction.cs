using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Admin;

public sealed class CreatePrincipalFunction(AdminApi api)
{
    [Function(nameof(CreatePrincipalFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/principals")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.CreatePrincipalAsync(request, cancellationToken).AsAction();
}
