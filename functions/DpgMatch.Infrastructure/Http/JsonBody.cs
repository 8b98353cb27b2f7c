using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DpgMatch.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

public static class JsonBody
{
    public const int DefaultLimitBytes = 256 * 1024;

    /// <summary>
    /// Reads at most <paramref name="limitBytes"/> of body: 413 beyond, 415 for a type other than JSON. With
    /// <paramref name="optional"/>, an empty body, with or without a Content-Type, reads as an empty array.
    /// </summary>
    public static async Task<(byte[]? Bytes, ApiResponse? Failure)> ReadBytesAsync(
        HttpRequest request, int limitBytes, CancellationToken cancellationToken, string mediaType = "application/json", bool optional = false)
    {
        if (request.ContentLength > limitBytes)
        {
            return (null, TooLarge(limitBytes));
        }

        if ((request.ContentType is not null || !optional) && !IsMediaType(request.ContentType, mediaType))
        {
            return (null, ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send {mediaType}."));
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
            return optional ? ([], null) : (null, ApiResults.Invalid("$", "A body is required."));
        }

        return request.ContentType is null
            ? (null, ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send {mediaType}."))
            : (buffer.ToArray(), null);
    }

    /// <summary>Parses JSON; syntax errors, wrong types and unknown fields become a 400 naming the field.</summary>
    public static (T? Value, ApiResponse? Failure) Parse<T>(byte[] bytes, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize(bytes, type);
            return value is null ? (null, ApiResults.Invalid("$", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiResults.Invalid(FieldOf(ex), Describe(ex)));
        }
    }

    public static async Task<(T? Value, ApiResponse? Failure)> ReadAsync<T>(
        HttpRequest request, JsonTypeInfo<T> type, int limitBytes, CancellationToken cancellationToken)
        where T : class
    {
        var (bytes, failure) = await ReadBytesAsync(request, limitBytes, cancellationToken);
        return bytes is null ? (null, failure) : Parse(bytes, type);
    }

    private static bool IsMediaType(string? contentType, string mediaType)
    {
        if (contentType is null)
        {
            return false;
        }

        var type = contentType.Split(';')[0].Trim();
        return string.Equals(type, mediaType, StringComparison.OrdinalIgnoreCase)
            || (mediaType == "application/json" && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static ApiResponse TooLarge(int limitBytes) =>
        ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {limitBytes} bytes.");

    private static string FieldOf(JsonException ex)
    {
        var path = ex.Path ?? "$";
        if (path == "$" && ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
            && ex.Message.IndexOf('\'', StringComparison.Ordinal) is var start and >= 0
            && ex.Message.IndexOf('\'', start + 1) is var end and > 0)
        {
            return ex.Message[(start + 1)..end];
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
    }

    private static string Describe(JsonException ex)
    {
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "Is not a field of this request.";
        }

        if (ex.Message.StartsWith(SafeStringConverter.ControlCharacterMessage, StringComparison.Ordinal)
            || ex.Message.StartsWith(SafeStringConverter.TooLongMessage, StringComparison.Ordinal)
            || ex.Message.StartsWith(SafeStringConverter.NotUnicodeMessage, StringComparison.Ordinal))
        {
            return ex.Message.Split(" Path:")[0];
        }

        return "Has a value of the wrong type, or the JSON is malformed here.";
    }
}
