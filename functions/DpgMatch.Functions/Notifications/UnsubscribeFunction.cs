using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Notifications;

public sealed class UnsubscribeFunction(UnsubscribeApi api)
{
    [Function(nameof(UnsubscribeFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/unsubscribe")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.UnsubscribeAsync(request, cancellationToken).AsAction();
}
