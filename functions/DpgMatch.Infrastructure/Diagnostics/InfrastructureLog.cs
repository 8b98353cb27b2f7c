using Microsoft.Extensions.Logging;

namespace DpgMatch.Infrastructure.Diagnostics;

/// <summary>Log events of the infrastructure: 6xxx storage, 7xxx email, 8xxx HTTP.</summary>
internal static partial class InfrastructureLog
{
    [LoggerMessage(6001, LogLevel.Error, "Storage set-up failed; retrying in the background")]
    public static partial void StorageBootstrapFailed(ILogger logger, Exception exception);

    [LoggerMessage(6002, LogLevel.Information, "Storage set-up succeeded after a retry")]
    public static partial void StorageBootstrapRecovered(ILogger logger);

    [LoggerMessage(7001, LogLevel.Warning, "Mail provider answered {StatusCode}; the message will be retried")]
    public static partial void MailProviderTransient(ILogger logger, int statusCode);

    [LoggerMessage(8001, LogLevel.Error, "Unhandled error on {Method} {Path}")]
    public static partial void UnhandledHttpError(ILogger logger, Exception exception, string method, string path);
}
