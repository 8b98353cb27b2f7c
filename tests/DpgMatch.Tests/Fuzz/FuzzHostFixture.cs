using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Infrastructure.Storage;
using DpgMatch.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DpgMatch.Tests.Fuzz;

/// <summary>
/// A local host of the fuzz tests' own, so that thousands of fuzzed needs cause no downstream work. The needs
/// are accepted, stored and queued by the product's own code, but the queue messages go to queues named for
/// this run that nothing listens to (deleted at the end), and this host's queue triggers are disabled, so it
/// neither matches nor mails, nor takes messages meant for the shared test host. Everything up to and
/// including the enqueue is what production runs; only the queue name differs.
/// </summary>
public sealed class FuzzHostFixture : IAsyncLifetime
{
    private static readonly string[] QueueFunctions =
        ["MatchNeedFunction", "SendNotificationFunction", "ImportRegistryChunkFunction", "MatchChangedListingsFunction"];

    private readonly string mailDirectory = Path.Combine(Path.GetTempPath(), "dpgmatch-fuzz-mail-" + Guid.NewGuid().ToString("n"));
    private WebApplication? app;

    public string AdminKey { get; } = "fuzz-admin-" + Guid.NewGuid().ToString("n");

    /// <summary>Names this run's organisations and queues, so that nothing it writes collides with another run's.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("n")[..8];

    public string QueuePrefix => "fuzz-" + RunId;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var address = new Uri($"http://127.0.0.1:{LocalHostFixture.FreePort()}");
        var prefix = QueuePrefix;
        app = await LocalHostFixture.StartAsync(address, TestStorage.ConnectionString, mailDirectory, AdminKey, importCatalog: false, configure: builder =>
        {
            var settings = QueueFunctions.ToDictionary(f => $"AzureWebJobs.{f}.Disabled", _ => (string?)"true");

            // Thousands of requests: only errors, such as the exception behind a 5xx, are worth printing.
            settings["Logging:LogLevel:Default"] = "Error";
            settings["Logging:LogLevel:Azure.Core"] = "Error";
            builder.Configuration.AddInMemoryCollection(settings);

            // Core registers MiniLM only if no embedder is registered yet; nothing here needs meaning.
            builder.Services.AddSingleton<ITextEmbedder>(new HashingEmbedder());

            // The infrastructure registers the queue sender after this callback runs; a provider factory runs last.
            builder.Host.UseServiceProviderFactory(new PrivateQueuesFactory(prefix));
        });
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        var queues = TestStorage.Queues();
        await foreach (var queue in queues.GetQueuesAsync(prefix: QueuePrefix))
        {
            await queues.DeleteQueueAsync(queue.Name);
        }

        if (Directory.Exists(mailDirectory))
        {
            Directory.Delete(mailDirectory, recursive: true);
        }
    }

    public async Task<string> CreateKeyAsync(string role, string organisation, string email)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/principals")
        {
            Content = JsonContent.Create(new { role, organisation, email }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Creating a {role} key failed: {(int)response.StatusCode} {text}");
        using var body = JsonDocument.Parse(text);
        return body.RootElement.GetProperty("key").GetString()!;
    }

    public Task<FuzzResponse> PostAsync(string path, string key, byte[] body, string? contentType, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync(Client, HttpMethod.Post, path, key, body, contentType, headers);

    public Task<FuzzResponse> GetAsync(string path, string key) => SendAsync(Client, HttpMethod.Get, path, key, null, null);

    public static async Task<FuzzResponse> SendAsync(
        HttpClient client, HttpMethod method, string path, string? key, byte[]? body, string? contentType, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = LocalHostFixture.RawRequest(method, path, key, body, contentType, headers);
        using var response = await client.SendAsync(request);
        return new FuzzResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private sealed class PrivateQueuesFactory(string prefix) : IServiceProviderFactory<IServiceCollection>
    {
        private readonly DefaultServiceProviderFactory inner = new(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        public IServiceCollection CreateBuilder(IServiceCollection services)
        {
            services.AddSingleton<IQueueSender>(sp => new PrivateQueueSender(new StorageQueueSender(sp.GetRequiredService<QueueServiceClient>()), prefix));
            return inner.CreateBuilder(services);
        }

        public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) => inner.CreateServiceProvider(containerBuilder);
    }

    private sealed class PrivateQueueSender(IQueueSender inner, string prefix) : IQueueSender
    {
        public Task SendAsync(string queue, string body, CancellationToken cancellationToken, TimeSpan? delay = null) =>
            inner.SendAsync($"{prefix}-{queue}", body, cancellationToken, delay);
    }
}

public sealed record FuzzResponse(int Status, string? MediaType, string Body)
{
    public string Summary => $"{Status} {(Body.Length > 600 ? Body[..600] + "…" : Body)}";
}

[CollectionDefinition(Name)]
public sealed class FuzzTests : ICollectionFixture<FuzzHostFixture>
{
    public const string Name = "fuzz";
}
