using System.Text.Json;
using System.Text.Json.Serialization;

namespace DpgMatch.LocalHost.MailSink;

/// <summary>
/// A stand-in for SendGrid's <c>POST /v3/mail/send</c> in development: the product's real SendGrid client
/// talks to it, it refuses what SendGrid refuses, and <c>GET /dev/mail</c> shows what was accepted.
/// </summary>
public static class MailSinkEndpoints
{
    public static void MapMailSink(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v3/mail/send", SendAsync);
        app.MapGet("/dev/mail", async (MailSinkStore store, CancellationToken ct) =>
            Results.Content(await store.ReadAllAsJsonArrayAsync(ct), "application/json; charset=utf-8"));
    }

    private static async Task<IResult> SendAsync(HttpRequest request, MailSinkStore store, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= "Bearer ".Length)
        {
            return Errors(StatusCodes.Status401Unauthorized, [new SendGridError("authorization required", null)]);
        }

        if (request.ContentLength > SendGridPayloadValidator.MaxPayloadBytes)
        {
            return Errors(StatusCodes.Status413PayloadTooLarge, [new SendGridError("The JSON payload is too large.", null)]);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > SendGridPayloadValidator.MaxPayloadBytes)
        {
            return Errors(StatusCodes.Status413PayloadTooLarge, [new SendGridError("The JSON payload is too large.", null)]);
        }

        var payload = buffer.ToArray();
        var errors = SendGridPayloadValidator.Validate(payload);
        if (errors.Count > 0)
        {
            return Errors(StatusCodes.Status400BadRequest, errors);
        }

        await store.SaveAsync(payload, cancellationToken);
        request.HttpContext.Response.Headers["X-Message-Id"] = Guid.NewGuid().ToString("n")[..22];
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static IResult Errors(int status, IReadOnlyList<SendGridError> errors) =>
        Results.Json(new SendGridErrors(errors), MailSinkJson.Default.SendGridErrors, statusCode: status);
}

public sealed record SendGridErrors(IReadOnlyList<SendGridError> Errors);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SendGridErrors))]
public sealed partial class MailSinkJson : JsonSerializerContext;
