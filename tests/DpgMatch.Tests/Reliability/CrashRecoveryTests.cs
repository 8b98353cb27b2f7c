using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DpgMatch.Tests.Support;
using Xunit.Abstractions;

namespace DpgMatch.Tests.Reliability;

/// <summary>
/// The local host is killed with SIGKILL while needs are being matched and mailed, then started again on the same
/// storage: every need is matched and its officer mailed exactly once. The messages the dead host had taken stay
/// invisible for the queue listener's ten-minute lease, so recovery takes about that long; this test waits for it.
/// It runs its own Azurite and host processes, apart from the other tests' host.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Needs = 120;
    private readonly string work = Path.Combine(Path.GetTempPath(), "dpgmatch-crash-" + Guid.NewGuid().ToString("n"));
    private readonly string adminKey = "crash-admin-" + Guid.NewGuid().ToString("n");
    private Process? azurite;
    private Process? host;
    private string storage = "";
    private Uri address = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(work);
        int blob = LocalHostFixture.FreePort(), queue = LocalHostFixture.FreePort(), table = LocalHostFixture.FreePort();
        azurite = Process.Start(new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                Path.Combine(TestStorage.RepoRoot(), "node_modules", "azurite", "dist", "src", "azurite.js"),
                "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--inMemoryPersistence",
                "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        storage = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
        foreach (var port in new[] { blob, queue, table })
        {
            await WaitForPortAsync(port);
        }

        address = new Uri($"http://127.0.0.1:{LocalHostFixture.FreePort()}");
    }

    public Task DisposeAsync()
    {
        foreach (var process in new[] { host, azurite })
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }

            process?.Dispose();
        }

        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_host_killed_while_matching_and_mailing_loses_nothing_and_mails_nothing_twice_after_a_restart()
    {
        await StartHostAsync();
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var officer = await CreateOfficerAsync(client);
        var run = Guid.NewGuid().ToString("n")[..8];

        await Parallel.ForEachAsync(Enumerable.Range(0, Needs), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/needs")
            {
                Content = JsonContent.Create(new
                {
                    title = $"Need {i}: a health information system for district reporting",
                    description = "Health facilities report monthly aggregate data; managers see dashboards and indicators.",
                    sector = "Health",
                    contactEmail = $"crash-{run}-{i}@example.org",
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", officer);
            using var response = await client.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        });

        // Kill once mailing has begun and much is still in flight.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await DigestsAsync(client, run)).Count < Needs / 8 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        host!.Kill(entireProcessTree: true);
        await host.WaitForExitAsync();
        var beforeRestart = await ReadSinkDirectlyAsync(run);
        output.WriteLine($"killed with {beforeRestart.Count} of {Needs} digests sent");

        var restarted = Stopwatch.StartNew();
        await StartHostAsync();
        var healthy = restarted.Elapsed;
        Dictionary<string, int> digests;
        deadline = DateTime.UtcNow.AddMinutes(15);
        while ((digests = await DigestsAsync(client, run)).Count < Needs && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
        }

        var recovered = restarted.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(20));
        digests = await DigestsAsync(client, run);
        output.WriteLine($"host healthy {healthy.TotalSeconds:0.0} s after restart; all digests {recovered.TotalSeconds:0} s after restart");

        Assert.Equal(Needs, digests.Count);
        Assert.All(digests, d => Assert.Equal(1, d.Value));
    }

    private async Task StartHostAsync()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DpgMatch.LocalHost.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", address.ToString().TrimEnd('/'), "--environment", "Development" },
            RedirectStandardOutput = false,
            RedirectStandardError = false,
            WorkingDirectory = work,
        };
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage,
            ["SendGrid__ApiKey"] = "crash-test-key",
            ["SendGrid__Host"] = address.ToString().TrimEnd('/'),
            ["Auth__BootstrapAdminKey"] = adminKey,
            ["Notifications__PublicBaseUrl"] = address.ToString().TrimEnd('/'),
            ["Notifications__SigningKey"] = "crash-test-signing-key-0123456789-0123456789",
            ["Notifications__UnknownSettleMinutes"] = "1",
            ["Notifications__UnknownResolution"] = "Resend",
            ["Notifications__SendingLeaseSeconds"] = "60",
            ["MailSink__Directory"] = Path.Combine(work, "mail"),
            ["Catalog__ImportOnStart"] = "true",
            ["Catalog__Directory"] = Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry"),
            ["HostJson"] = Path.Combine(TestStorage.RepoRoot(), "host.json"),
            ["LocalSettings"] = Path.Combine(work, "no-local-settings.json"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        host?.Dispose();
        host = Process.Start(start)!;
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                using var health = await probe.GetAsync("/api/health");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.False(host.HasExited, "The local host exited while starting.");
            Assert.True(DateTime.UtcNow < deadline, "The local host did not become healthy.");
            await Task.Delay(200);
        }
    }

    private async Task<string> CreateOfficerAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/principals")
        {
            Content = JsonContent.Create(new { role = "officer", organisation = "Crash County", email = "crash-officer@example.org" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("key").GetString()!;
    }

    private static async Task<Dictionary<string, int>> DigestsAsync(HttpClient client, string run)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("/dev/mail"));
        return SinkMail.DigestsTo(document.RootElement.EnumerateArray(), $"crash-{run}-");
    }

    private async Task<Dictionary<string, int>> ReadSinkDirectlyAsync(string run)
    {
        var mails = new List<JsonElement>();
        foreach (var file in Directory.Exists(Path.Combine(work, "mail")) ? Directory.GetFiles(Path.Combine(work, "mail"), "*.json") : [])
        {
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            mails.Add(document.RootElement.Clone());
        }

        return SinkMail.DigestsTo(mails, $"crash-{run}-");
    }

    private static async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
