using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

/// <summary>
/// A complete HTTP response as bytes. Handlers build these rather than framework results so that both hosts
/// send identical bytes, and so that a response can be stored and replayed for an <c>Idempotency-Key</c>.
/// </summary>
public sealed record ApiResponse(int Status, string? ContentType, byte[] Body, IReadOnlyDictionary<string, string> Headers) : IResult
{
    public const string Json = "application/json; charset=utf-8";
    public const string ProblemJson = "application/problem+json; charset=utf-8";

    public bool IsSuccess => Status is >= 200 and < 300;

    public static ApiResponse Of<T>(int status, T value, JsonTypeInfo<T> type, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, Json, JsonSerializer.SerializeToUtf8Bytes(value, type), headers ?? Empty);

    public static ApiResponse NoContent() => new(StatusCodes.Status204NoContent, null, [], Empty);

    public ApiResponse WithHeader(string name, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase) { [name] = value } };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        if (ContentType is not null)
        {
            response.ContentType = ContentType;
            response.ContentLength = Body.Length;
            await response.Body.WriteAsync(Body, httpContext.RequestAborted);
        }
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
