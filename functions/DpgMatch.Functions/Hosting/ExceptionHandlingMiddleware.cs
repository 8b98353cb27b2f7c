using DpgMatch.Functions.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace DpgMatch.Functions.Hosting;

/// <summary>
/// An unexpected failure in an HTTP trigger becomes a 500 problem details without internals. Queue triggers
/// are left alone: their exceptions must reach the host so it retries and then poisons the message.
/// </summary>
public sealed class ExceptionHandlingMiddleware(ILogger<ExceptionHandlingMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is { Response.HasStarted: false })
        {
            var http = context.GetHttpContext()!;
            FunctionsLog.UnhandledHttpError(logger, ex, context.FunctionDefinition.Name);
            await Results.Problem(
                title: "An unexpected error occurred.",
                statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(http);
        }
    }
}
