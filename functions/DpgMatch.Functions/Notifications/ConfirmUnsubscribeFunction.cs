using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Notifications;

public sealed class ConfirmUnsubscribeFunction(UnsubscribeApi api)
{
    [Function(nameof(ConfirmUnsubscribeFunction))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/unsubscribe")] HttpRequest request) =>
        new ResultActionResult(api.Confirm(request));
}
