using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using DpgMatch.Infrastructure.Storage;
using DpgMatch.LocalHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DpgMatch.Tests.Support;

/// <summary>
/// The local host, started in this process on a free loopback port against the test Azurite, with the
/// Development mail sink. Tests talk to it over real HTTP.
/// </summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    public string AdminKey { get; } = "test-admin-" + Guid.NewGuid().ToString("n");

    /// <summary>Stands in for SendGrid's signing key: the host is configured with its public half.</summary>
    public System.Security.Cryptography.ECDsa WebhookKey { get; } = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), "dpgmatch-mail-" + Guid.NewGuid().ToString("n"));

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Faults for the host's storage calls; off unless a test switches it on (the collection runs one test at a time).</summary>
    public StorageChaosPolicy Chaos { get; } = new(seed: 20261126);

    private WebApplication? app;

    public async Task InitializeAsync()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        app = await StartAsync(BaseAddress, TestStorage.ConnectionString, MailDirectory, AdminKey, importCatalog: true, Convert.ToBase64String(WebhookKey.ExportSubjectPublicKeyInfo()), Chaos);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        WebhookKey.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (Directory.Exists(MailDirectory))
        {
            Directory.Delete(MailDirectory, recursive: true);
        }
    }

    /// <param name="configure">Runs after the test settings are added, so it can add to or override them.</param>
    public static async Task<WebApplication> StartAsync(
        Uri address,
        string storage,
        string mailDirectory,
        string adminKey,
        bool importCatalog,
        string? webhookPublicKey = null,
        StorageChaosPolicy? chaos = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var app = LocalHostApplication.Create(
            ["--urls", address.ToString().TrimEnd('/'), "--environment", "Development"],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["AzureWebJobsStorage"] = storage,
                    ["SendGrid:ApiKey"] = "test-sendgrid-key",
                    ["SendGrid:Host"] = address.ToString().TrimEnd('/'),
                    ["SendGrid:WebhookPublicKey"] = webhookPublicKey,
                    ["Auth:BootstrapAdminKey"] = adminKey,
                    ["Notifications:PublicBaseUrl"] = address.ToString().TrimEnd('/'),
                    ["Notifications:SigningKey"] = "test-signing-key-for-unsubscribe-links-0123456789",
                    ["MailSink:Directory"] = mailDirectory,
                    ["Catalog:ImportOnStart"] = importCatalog ? "true" : "false",
                    ["Matching:ListingChangeDelaySeconds"] = "1",

                    // A retrain here proves the flow, not the fit: fewer trees keep it to seconds.
                    ["Ranking:TrainingTrees"] = "50",
                    ["LocalSettings"] = Path.Combine(mailDirectory, "no-local-settings.json"),
                });
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                if (chaos is not null)
                {
                    builder.Services.AddSingleton(new StoragePipelinePolicy(chaos));
                }

                configure?.Invoke(builder);
            });
        await app.StartAsync();
        return app;
    }

    public async Task<string> CreateKeyAsync(string role, string organisation, string email = "officer@example.org", params string[] listings)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/principals")
        {
            Content = listings.Length == 0
                ? JsonContent.Create(new { role, organisation, email })
                : JsonContent.Create(new { role, organisation, email, listings }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("key").GetString()!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body is string raw ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body);
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await Client.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendRawAsync(
        HttpMethod method, string path, string? key, byte[]? body, string? contentType, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = RawRequest(method, path, key, body, contentType, headers);
        return await Client.SendAsync(request);
    }

    /// <summary>A request with exactly these bytes and headers, so tests can send what no well-behaved client would.</summary>
    public static HttpRequestMessage RawRequest(
        HttpMethod method, string path, string? key, byte[]? body, string? contentType, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>Polls a need until the matcher has matched it, or fails after the timeout.</summary>
    public async Task WaitUntilMatchedAsync(string needId, string key, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await SendAsync(HttpMethod.Get, $"/api/needs/{needId}", key);
            using var need = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (need.RootElement.GetProperty("status").GetString() == "matched")
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Need {needId} was not matched within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(100);
        }
    }

    public static string Unique(string prefix) => $"{prefix} {Guid.NewGuid().ToString("n")[..8]}";

    /// <summary>Polls the mail sink until an email satisfies the predicate, or fails after the timeout.</summary>
    public async Task<JsonElement> WaitForMailAsync(Func<JsonElement, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var mails = await MailAsync();
            var found = mails.Where(predicate).ToArray();
            if (found.Length > 0)
            {
                return found[0];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching email reached the sink within {timeout.TotalSeconds} s ({mails.Count} captured).");
            }

            await Task.Delay(100);
        }
    }

    public async Task<IReadOnlyList<JsonElement>> MailAsync()
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync("/dev/mail"));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class LocalHostTests : ICollectionFixture<LocalHostFixture>
{
    public const string Name = "local host";
}
