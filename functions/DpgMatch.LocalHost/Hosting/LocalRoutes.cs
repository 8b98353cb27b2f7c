using DpgMatch.Infrastructure.Http;

namespace DpgMatch.LocalHost.Hosting;

/// <summary>
/// The HTTP routes of the Functions app, mapped onto ASP.NET Core. Each calls the same shared handler as the
/// matching trigger; a test checks that the two hosts' route tables agree.
/// </summary>
public static class LocalRoutes
{
    public static void MapDpgMatchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", (HealthApi api, CancellationToken ct) => api.GetAsync(ct));
        app.MapGet("/api/openapi.json", () => OpenApiApi.Get());
        app.MapPost("/api/admin/principals", (HttpRequest r, AdminApi api, CancellationToken ct) => api.CreatePrincipalAsync(r, ct));
        app.MapPost("/api/needs", (HttpRequest r, NeedsApi api, CancellationToken ct) => api.CreateAsync(r, ct));
        app.MapGet("/api/needs", (HttpRequest r, NeedsApi api, CancellationToken ct) => api.ListAsync(r, ct));
        app.MapGet("/api/needs/{id}", (HttpRequest r, string id, NeedsApi api, CancellationToken ct) => api.GetAsync(r, id, ct));
        app.MapGet("/api/needs/{id}/matches", (HttpRequest r, string id, NeedsApi api, CancellationToken ct) => api.ListMatchesAsync(r, id, ct));
        app.MapPost("/api/needs/ocds", (HttpRequest r, NeedsApi api, CancellationToken ct) => api.CreateFromOcdsAsync(r, ct));
        app.MapPost("/api/needs/{id}/close", (HttpRequest r, string id, NeedsApi api, CancellationToken ct) => api.CloseAsync(r, id, ct));
        app.MapPost("/api/needs/{id}/withdraw", (HttpRequest r, string id, NeedsApi api, CancellationToken ct) => api.WithdrawAsync(r, id, ct));
        app.MapPost("/api/matches/{needId}/{listingId}/feedback", (HttpRequest r, string needId, string listingId, FeedbackApi api, CancellationToken ct) => api.RecordAsync(r, needId, listingId, ct));
        app.MapGet("/api/unsubscribe", (HttpRequest r, UnsubscribeApi api) => api.Confirm(r));
        app.MapPost("/api/unsubscribe", (HttpRequest r, UnsubscribeApi api, CancellationToken ct) => api.UnsubscribeAsync(r, ct));
        app.MapPost("/api/sendgrid/events", (HttpRequest r, SendGridEventsApi api, CancellationToken ct) => api.ReceiveAsync(r, ct));
        app.MapPost("/api/listings", (HttpRequest r, ListingsApi api, CancellationToken ct) => api.CreateAsync(r, ct));
        app.MapGet("/api/listings", (HttpRequest r, ListingsApi api, CancellationToken ct) => api.SearchAsync(r, ct));
        app.MapGet("/api/listings/{id}", (string id, ListingsApi api, CancellationToken ct) => api.GetAsync(id, ct));
        app.MapPut("/api/listings/{id}", (HttpRequest r, string id, ListingsApi api, CancellationToken ct) => api.UpdateAsync(r, id, ct));
        app.MapPut("/api/listings/{id}/subscription", (HttpRequest r, string id, SubscriptionApi api, CancellationToken ct) => api.SetAsync(r, id, ct));
        app.MapPost("/api/listings/import", (HttpRequest r, ListingsApi api, CancellationToken ct) => api.ImportAsync(r, ct));
        app.MapGet("/api/listings/import/{id}", (HttpRequest r, string id, ListingsApi api, CancellationToken ct) => api.GetImportAsync(r, id, ct));
        app.MapPost("/api/model/retrain", (HttpRequest r, ModelApi api, CancellationToken ct) => api.RetrainAsync(r, ct));
        app.MapGet("/api/model", (HttpRequest r, ModelApi api, CancellationToken ct) => api.GetActiveAsync(r, ct));
        app.MapGet("/api/model/versions", (HttpRequest r, ModelApi api, CancellationToken ct) => api.ListVersionsAsync(r, ct));
        app.MapGet("/api/model/versions/{id}", (HttpRequest r, string id, ModelApi api, CancellationToken ct) => api.GetVersionAsync(r, id, ct));
        app.MapGet("/api/model/versions/{id}/report", (HttpRequest r, string id, ModelApi api, CancellationToken ct) => api.GetReportAsync(r, id, ct));
    }
}
