using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Notifications;

public sealed class ReceiveSendGridEventsFunction(SendGridEventsApi api)
{
    [Function(nameof(ReceiveSendGridEventsFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/sendgrid/events")] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.ReceiveAsync(request, cancellationToken).AsAction();
}
