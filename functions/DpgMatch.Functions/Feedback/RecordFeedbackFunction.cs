using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DpgMatch.Functions.Feedback;

public sealed class RecordFeedbackFunction(FeedbackApi api)
{
    [Function(nameof(RecordFeedbackFunction))]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/matches/{needId}/{listingId}/feedback")] HttpRequest request,
        string needId,
        string listingId,
        CancellationToken cancellationToken) =>
        api.RecordAsync(request, needId, listingId, cancellationToken).AsAction();
}
