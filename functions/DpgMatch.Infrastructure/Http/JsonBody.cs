using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

public static class JsonBody
{
    public const int DefaultLimitBytes = 256 * 1024;

    /// <summary>
    /// Reads a JSON body of at most <paramref name="limitBytes"/>. Syntax errors and unknown fields become a
    /// 400 naming the field, an oversized body a 413, so callers learn what to fix.
    /// </summary>
    public static async Task<(T? Value, IResult? Failure)> ReadAsync<T>(
        HttpRequest request, JsonTypeInfo<T> type, int limitBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > limitBytes)
        {
            return (null, TooLarge(limitBytes));
        }

        if (request.ContentType is { } contentType && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            && !contentType.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send application/json."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limitBytes)
            {
                return (null, TooLarge(limitBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, ApiResults.Invalid(new Dictionary<string, string[]> { ["$"] = ["A JSON body is required."] }));
        }

        try
        {
            var value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
            return value is null
                ? (null, ApiResults.Invalid(new Dictionary<string, string[]> { ["$"] = ["The body must be a JSON object."] }))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiResults.Invalid(new Dictionary<string, string[]> { [FieldOf(ex)] = [Describe(ex)] }));
        }
    }

    private static IResult TooLarge(int limitBytes) =>
        ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {limitBytes} bytes.");

    private static string FieldOf(JsonException ex)
    {
        var path = ex.Path ?? "$";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
    }

    private static string Describe(JsonException ex) =>
        ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "Is not a field of this request."
            : "Has a value of the wrong type, or the JSON is malformed here.";
}
