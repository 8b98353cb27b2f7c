using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

/// <summary>
/// For every route: no key gets 401, a role that may not call it gets 403, and a principal of another
/// organisation gets 404 for an object it does not own, exactly as if the object did not exist.
/// </summary>
[Collection(LocalHostTests.Name)]
public sealed class AuthorizationMatrixTests(LocalHostFixture host)
{
    private sealed record Route(string Method, string Template, string Role, string WrongRole, bool NamesOwnedObject, Func<World, (byte[]? Body, string? ContentType)> Body);

    private sealed record World(
        Dictionary<string, string> Keys, Dictionary<string, string> OtherKeys, string NeedId, string ListingId, string ListingETag, string ImportId);

    private static (byte[]?, string?) Json(object value) => (JsonSerializer.SerializeToUtf8Bytes(value), "application/json");

    private static (byte[]?, string?) None() => (null, null);

    private static readonly object NeedBody = new
    {
        title = "Matrix need",
        description = "A need that exists only to test who may see it.",
        contactEmail = "matrix@example.org",
    };

    private static object ListingBody(string name) => new
    {
        name,
        description = "A listing that exists only to test who may change it.",
        types = new[] { "software" },
    };

    private static readonly Route[] Routes =
    [
        new("POST", "/api/admin/principals", "bootstrap", "admin", false, _ => Json(new { role = "officer", organisation = "x", email = "x@example.org" })),
        new("POST", "/api/needs", "officer", "maintainer", false, _ => Json(NeedBody)),
        new("GET", "/api/needs", "officer", "maintainer", false, _ => None()),
        new("GET", "/api/needs/{need}", "officer", "maintainer", true, _ => None()),
        new("GET", "/api/needs/{need}/matches", "officer", "maintainer", true, _ => None()),
        new("POST", "/api/needs/{need}/close", "officer", "maintainer", true, _ => None()),
        new("POST", "/api/needs/{need}/withdraw", "officer", "maintainer", true, _ => None()),
        new("POST", "/api/needs/ocds", "officer", "maintainer", false, _ => (File.ReadAllBytes(Path.Combine(TestStorage.RepoRoot(), "data", "ocds", "paraguay-dncp-277004-it-equipment.record-package.json")), "application/json")),
        new("POST", "/api/matches/{need}/{registryListing}/feedback", "officer", "admin", true, _ => Json(new { outcome = "shortlisted" })),
        new("POST", "/api/listings", "maintainer", "officer", false, _ => Json(ListingBody(LocalHostFixture.Unique("Matrix DPG")))),
        new("PUT", "/api/listings/{listing}", "maintainer", "officer", true, _ => Json(ListingBody("Matrix DPG renamed"))),
        new("PUT", "/api/listings/{listing}/subscription", "maintainer", "officer", true, _ => Json(new { frequency = "immediate" })),
        new("POST", "/api/listings/import", "admin", "maintainer", false, _ => (Zip(), "application/zip")),
        new("GET", "/api/listings/import/{import}", "admin", "officer", true, _ => None()),
        new("POST", "/api/model/retrain", "analyst", "officer", false, _ => None()),
        new("GET", "/api/model", "analyst", "maintainer", false, _ => None()),
        new("GET", "/api/model/versions", "analyst", "admin", false, _ => None()),
        new("GET", "/api/model/versions/{version}", "analyst", "officer", false, _ => None()),
        new("GET", "/api/model/versions/{version}/report", "analyst", "maintainer", false, _ => None()),
    ];

    private static readonly string[] PublicRoutes =
        ["GET /api/health", "GET /api/openapi.json", "GET /api/listings", "GET /api/listings/{id}", "GET /api/unsubscribe", "POST /api/unsubscribe"];

    [Fact]
    public void The_matrix_covers_every_documented_route()
    {
        using var document = JsonDocument.Parse(DpgMatch.Infrastructure.Http.OpenApiApi.Bytes);
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put").Select(o => $"{o.Name.ToUpperInvariant()} {Normalise(p.Name)}"))
            .Order(StringComparer.Ordinal);
        var covered = Routes.Select(r => $"{r.Method} {Normalise(r.Template)}").Concat(PublicRoutes.Select(Normalise)).Append("POST /api/sendgrid/events").Order(StringComparer.Ordinal);
        Assert.Equal(documented, covered);
    }

    [Fact]
    public async Task Every_route_answers_401_403_and_404_as_it_should()
    {
        var world = await BuildWorldAsync();
        var failures = new List<string>();
        foreach (var route in Routes)
        {
            var path = Fill(route.Template, world);
            await ExpectAsync(failures, route, path, key: null, HttpStatusCode.Unauthorized, world);
            await ExpectAsync(failures, route, path, world.Keys[route.WrongRole], HttpStatusCode.Forbidden, world);
            if (route.NamesOwnedObject)
            {
                await ExpectAsync(failures, route, path, world.OtherKeys[route.Role], HttpStatusCode.NotFound, world);
            }
        }

        foreach (var route in PublicRoutes)
        {
            var parts = route.Split(' ');
            using var response = await host.SendAsync(new HttpMethod(parts[0]), parts[1].Replace("{id}", "dhis2", StringComparison.Ordinal), key: null);

            // A public route never asks for a key (an unsubscribe link without a valid token is simply not found).
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.InternalServerError)
            {
                failures.Add($"{route} without a key: {(int)response.StatusCode}");
            }
        }

        // The event webhook takes no API key: SendGrid's signature is its authentication.
        using var unsigned = await host.SendAsync(HttpMethod.Post, "/api/sendgrid/events", key: null, "[]");
        if (unsigned.StatusCode != HttpStatusCode.Unauthorized)
        {
            failures.Add($"POST /api/sendgrid/events unsigned: {(int)unsigned.StatusCode}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task ExpectAsync(List<string> failures, Route route, string path, string? key, HttpStatusCode expected, World world)
    {
        var (body, contentType) = route.Body(world);
        var headers = route.Method == "PUT" ? new Dictionary<string, string> { ["If-Match"] = world.ListingETag } : null;
        using var response = await host.SendRawAsync(new HttpMethod(route.Method), path, key, body, contentType, headers);
        if (response.StatusCode != expected)
        {
            failures.Add($"{route.Method} {route.Template} as {(key is null ? "nobody" : "another")}: expected {(int)expected}, got {(int)response.StatusCode}");
        }
    }

    private async Task<World> BuildWorldAsync()
    {
        var organisation = LocalHostFixture.Unique("Matrix A");
        var other = LocalHostFixture.Unique("Matrix B");
        var keys = new Dictionary<string, string> { ["bootstrap"] = host.AdminKey };
        var otherKeys = new Dictionary<string, string> { ["bootstrap"] = host.AdminKey };
        foreach (var role in new[] { "officer", "maintainer", "analyst", "admin" })
        {
            keys[role] = await host.CreateKeyAsync(role, organisation);
            otherKeys[role] = await host.CreateKeyAsync(role, other);
        }

        using var need = await host.SendAsync(HttpMethod.Post, "/api/needs", keys["officer"], NeedBody);
        var needId = JsonDocument.Parse(await need.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using var listing = await host.SendAsync(HttpMethod.Post, "/api/listings", keys["maintainer"], ListingBody(LocalHostFixture.Unique("Matrix owned")));
        var listingId = listing.Headers.Location!.OriginalString.Split('/')[^1];

        var registry = Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry");
        var big = Zip(Directory.EnumerateFiles(Path.Combine(registry, "nominees")).Take(60).Select(f => ("nominees/" + Path.GetFileName(f), File.ReadAllBytes(f))));
        using var import = await host.SendRawAsync(HttpMethod.Post, "/api/listings/import", keys["admin"], big, "application/zip");
        Assert.Equal(HttpStatusCode.Accepted, import.StatusCode);
        var importId = import.Headers.Location!.OriginalString.Split('/')[^1];
        return new World(keys, otherKeys, needId, listingId, listing.Headers.ETag!.Tag, importId);
    }

    private static string Fill(string template, World world) => template
        .Replace("{need}", world.NeedId, StringComparison.Ordinal)
        .Replace("{listing}", world.ListingId, StringComparison.Ordinal)
        .Replace("{import}", world.ImportId, StringComparison.Ordinal)
        .Replace("{registryListing}", "dhis2", StringComparison.Ordinal)
        .Replace("{version}", "20260101000000-abcdef", StringComparison.Ordinal);

    private static string Normalise(string route) => System.Text.RegularExpressions.Regex.Replace(route, "\\{[^}]+\\}", "{}");

    private static byte[] Zip(IEnumerable<(string Path, byte[] Content)>? files = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files ?? [("nominees/dhis2.json", File.ReadAllBytes(Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry", "nominees", "dhis2.json")))])
            {
                using var entry = zip.CreateEntry(path).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
