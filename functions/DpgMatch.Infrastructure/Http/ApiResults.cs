using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DpgMatch.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

/// <summary>RFC 9457 problem details, with field errors for a 400.</summary>
public sealed record ProblemDetailsBody(
    string Type,
    string Title,
    int Status,
    string? Detail,
    IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>The one place where outcomes become HTTP: success bodies as JSON, failures as problem details.</summary>
public static class ApiResults
{
    public static ApiResponse Json<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) =>
        ApiResponse.Of(status, value, type);

    public static ApiResponse From<T>(Result<T> result, JsonTypeInfo<T> type) => result.Kind switch
    {
        ResultKind.Ok => Json(result.Value!, type),
        ResultKind.Created => Json(result.Value!, type, StatusCodes.Status201Created),
        _ => Failure(result),
    };

    public static ApiResponse Failure<T>(Result<T> result) => result.Kind switch
    {
        ResultKind.Invalid => Invalid(result.Errors!.ToDictionary()),
        ResultKind.NotFound => NotFound(),
        ResultKind.Forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", result.Detail),
        ResultKind.Conflict => Problem(StatusCodes.Status409Conflict, "Conflict", result.Detail),
        ResultKind.PreconditionFailed => Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", result.Detail),
        ResultKind.PreconditionRequired => Problem(StatusCodes.Status428PreconditionRequired, "Precondition required", result.Detail),
        ResultKind.Unprocessable => Problem(StatusCodes.Status422UnprocessableEntity, "Unprocessable content", result.Detail),
        _ => throw new InvalidOperationException($"{result.Kind} is not a failure."),
    };

    public static ApiResponse Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        Problem(StatusCodes.Status400BadRequest, "One or more fields are invalid.", "See the errors for each field.", errors);

    public static ApiResponse Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    public static ApiResponse NotFound() =>
        Problem(StatusCodes.Status404NotFound, "Not found", "There is nothing at this address that you may see.");

    public static ApiResponse Unauthorized() =>
        Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "Send an API key as 'Authorization: Bearer <key>'.")
            .WithHeader("WWW-Authenticate", "Bearer");

    public static ApiResponse Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ApiResponse Problem(int status, string title, string? detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(
            status,
            ApiResponse.ProblemJson,
            JsonSerializer.SerializeToUtf8Bytes(new ProblemDetailsBody(TypeOf(status), title, status, detail, errors), InfrastructureJson.Default.ProblemDetailsBody),
            new Dictionary<string, string>());

    private static string TypeOf(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        412 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.13",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        428 => "https://www.rfc-editor.org/rfc/rfc6585#section-3",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        _ => "about:blank",
    };
}
