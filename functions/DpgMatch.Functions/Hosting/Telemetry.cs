using Azure.Identity;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DpgMatch.Functions.Hosting;

public static class Telemetry
{
    private const string AuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// Sends the worker's logs, including every [LoggerMessage] event at Information and above, to Application
    /// Insights. Those events carry ids and counts only, never an address, key or token. When the app setting
    /// asks for Microsoft Entra authentication, telemetry is sent with the app's managed identity, so the
    /// Application Insights resource can refuse instrumentation-key ingestion.
    /// </summary>
    public static IServiceCollection AddDpgMatchTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();

        // The SDK's default rule keeps only warnings and errors from ILogger; our information events matter.
        services.Configure<LoggerFilterOptions>(options =>
        {
            var rule = options.Rules.FirstOrDefault(r =>
                r.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (rule is not null)
            {
                options.Rules.Remove(rule);
            }
        });

        if (configuration[AuthenticationSetting]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true)
        {
            services.Configure<TelemetryConfiguration>(c => c.SetAzureTokenCredential(new DefaultAzureCredential()));
        }

        return services;
    }
}
