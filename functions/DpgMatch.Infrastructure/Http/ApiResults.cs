using System.Text.Json.Serialization.Metadata;
using DpgMatch.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

/// <summary>The one place where outcomes become HTTP: success bodies as JSON, failures as RFC 9457 problem details.</summary>
public static class ApiResults
{
    public static IResult Json<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) =>
        Results.Json(value, type, contentType: "application/json; charset=utf-8", statusCode: status);

    public static IResult From<T>(Result<T> result, JsonTypeInfo<T> type) => result.Kind switch
    {
        ResultKind.Ok => Json(result.Value!, type),
        ResultKind.Created => Json(result.Value!, type, StatusCodes.Status201Created),
        _ => Failure(result),
    };

    public static IResult Failure<T>(Result<T> result) => result.Kind switch
    {
        ResultKind.Invalid => Invalid(result.Errors!.ToDictionary()),
        ResultKind.NotFound => NotFound(),
        ResultKind.Forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", result.Detail),
        _ => throw new InvalidOperationException($"{result.Kind} is not a failure."),
    };

    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        Results.ValidationProblem(
            errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            detail: "See the errors for each field.",
            title: "One or more fields are invalid.");

    public static IResult NotFound() =>
        Problem(StatusCodes.Status404NotFound, "Not found", "There is nothing at this address that you may see.");

    public static IResult Unauthorized(HttpRequest request)
    {
        request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "Send an API key as 'Authorization: Bearer <key>'.");
    }

    public static IResult Problem(int status, string title, string? detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title);
}
