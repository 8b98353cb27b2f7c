using Microsoft.Extensions.Logging;

namespace DpgMatch.Functions.Diagnostics;

internal static partial class FunctionsLog
{
    [LoggerMessage(9001, LogLevel.Error, "Function {FunctionName} failed on an HTTP request")]
    public static partial void UnhandledHttpError(ILogger logger, Exception exception, string functionName);
}
