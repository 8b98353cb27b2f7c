using DpgMatch.Infrastructure.Storage;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

public sealed record HealthReport(string Status, string Storage);

public sealed class HealthApi(StorageHealth storage)
{
    public async Task<ApiResponse> GetAsync(CancellationToken cancellationToken)
    {
        var reachable = await storage.IsReachableAsync(TimeSpan.FromSeconds(3), cancellationToken);
        return reachable
            ? ApiResults.Json(new HealthReport("healthy", "reachable"), InfrastructureJson.Default.HealthReport)
            : ApiResults.Json(new HealthReport("unhealthy", "unreachable"), InfrastructureJson.Default.HealthReport, StatusCodes.Status503ServiceUnavailable);
    }
}
