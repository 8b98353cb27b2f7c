using System.Net;
using System.Text;
using DpgMatch.Core.Notifications;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

/// <summary>
/// The unsubscribe link. GET only shows a confirmation form, because mail scanners follow links; the POST
/// (the form, or a mail client's RFC 8058 one-click request) is what unsubscribes. No login: the signed token
/// is the authority.
/// </summary>
public sealed class UnsubscribeApi(UnsubscribeService unsubscribe)
{
    public ApiResponse Confirm(HttpRequest request)
    {
        var token = request.Query["token"].FirstOrDefault();
        if (!unsubscribe.IsValid(token))
        {
            return Page(StatusCodes.Status404NotFound, "This unsubscribe link is not valid, or it has expired.");
        }

        var action = $"/api/unsubscribe?token={Uri.EscapeDataString(token!)}";
        return Page(
            StatusCodes.Status200OK,
            $"<form method=\"post\" action=\"{WebUtility.HtmlEncode(action)}\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button type=\"submit\">Unsubscribe from these emails</button></form>");
    }

    public async Task<ApiResponse> UnsubscribeAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await unsubscribe.UnsubscribeAsync(request.Query["token"].FirstOrDefault(), cancellationToken)
            ? Page(StatusCodes.Status200OK, "You will get no more of these emails.")
            : Page(StatusCodes.Status404NotFound, "This unsubscribe link is not valid, or it has expired.");

    private static ApiResponse Page(int status, string bodyHtml) =>
        new(
            status,
            "text/html; charset=utf-8",
            Encoding.UTF8.GetBytes($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>DpgMatch</title></head><body><p>{bodyHtml}</p></body></html>"),
            new Dictionary<string, string> { ["Cache-Control"] = "no-store" });
}
