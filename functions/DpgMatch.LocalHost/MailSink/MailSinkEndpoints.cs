using System.Text.Json;
using System.Text.Json.Serialization;
using DpgMatch.Core.Notifications;

namespace DpgMatch.LocalHost.MailSink;

/// <summary>
/// A stand-in for SendGrid's <c>POST /v3/mail/send</c> in development: the product's real SendGrid client
/// talks to it, it refuses what SendGrid refuses, and <c>GET /dev/mail</c> shows what was accepted.
/// </summary>
public static class MailSinkEndpoints
{
    public const string CursorHeader = "X-Mail-Cursor";

    public static void MapMailSink(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v3/mail/send", SendAsync);
        // ?after=<X-Mail-Cursor of an earlier answer> returns only what arrived since, for pollers such as the load tool.
        app.MapGet("/dev/mail", async (HttpContext context, string? after, MailSinkStore store, CancellationToken ct) =>
        {
            var (json, cursor) = await store.ReadAfterAsync(string.IsNullOrEmpty(after) ? null : after, ct);
            context.Response.Headers[CursorHeader] = cursor ?? "";
            return Results.Content(json, "application/json; charset=utf-8");
        });
        app.MapPost("/dev/mail/faults", (SinkFaultRequest request, MailSinkStore store) =>
        {
            if (request.Status is < 400 or > 599 || request.Count is < 1 or > 100 || request.ResetSeconds is < 0 or > 3600)
            {
                return Results.BadRequest();
            }

            store.AddFaults(new SinkFault(request.Status, request.ResetSeconds), request.Count);
            return Results.NoContent();
        });
    }

    private static async Task<IResult> SendAsync(HttpRequest request, MailSinkStore store, EventWebhook webhook, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= "Bearer ".Length)
        {
            return Errors(StatusCodes.Status401Unauthorized, [new SendGridError("authorization required", null)]);
        }

        if (store.NextFault() is { } fault)
        {
            if (fault.Status == StatusCodes.Status429TooManyRequests)
            {
                var reset = DateTimeOffset.UtcNow.AddSeconds(fault.ResetSeconds).ToUnixTimeSeconds();
                request.HttpContext.Response.Headers["X-RateLimit-Reset"] = reset.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Errors(fault.Status, [new SendGridError("Injected by the local mail sink.", null)]);
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

        var name = await store.SaveAsync(payload, cancellationToken);
        try
        {
            await webhook.ApplyAsync(MailSinkEvents.Delivered(name, payload), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Accepted is accepted: like SendGrid's webhook, the report comes later (at the next start).
        }

        request.HttpContext.Response.Headers["X-Message-Id"] = Guid.NewGuid().ToString("n")[..22];
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static IResult Errors(int status, IReadOnlyList<SendGridError> errors) =>
        Results.Json(new SendGridErrors(errors), MailSinkJson.Default.SendGridErrors, statusCode: status);
}

public sealed record SendGridErrors(IReadOnlyList<SendGridError> Errors);

public sealed record SinkFaultRequest(int Status, int ResetSeconds, int Count);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SendGridErrors))]
[JsonSerializable(typeof(SinkFaultRequest))]
public sealed partial class MailSinkJson : JsonSerializerContext;
