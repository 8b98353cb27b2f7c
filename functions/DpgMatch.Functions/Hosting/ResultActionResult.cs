using DpgMatch.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace DpgMatch.Functions.Hosting;

/// <summary>
/// Runs a minimal-API <see cref="IResult"/> as an MVC action result, so HTTP triggers return exactly what the
/// shared handlers produce, byte for byte the same as the local host.
/// </summary>
public sealed class ResultActionResult(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}

public static class ResultExtensions
{
    public static async Task<IActionResult> AsAction(this Task<ApiResponse> response) => new ResultActionResult(await response);
}
