using System.Net;
using System.Text.Json;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

public sealed class HealthWithoutStorageTests
{
    [Fact]
    public async Task The_local_host_starts_and_reports_unreachable_storage_when_storage_is_down()
    {
        var deadPort = LocalHostFixture.FreePort();
        var storage = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:{deadPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{deadPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{deadPort}/devstoreaccount1;";
        var address = new Uri($"http://127.0.0.1:{LocalHostFixture.FreePort()}");
        var mail = Path.Combine(Path.GetTempPath(), "dpgmatch-nostorage-" + Guid.NewGuid().ToString("n"));

        var app = await LocalHostFixture.StartAsync(address, storage, mail, "no-storage-admin-key-0123", importCatalog: true);
        try
        {
            using var client = new HttpClient { BaseAddress = address };
            using var response = await client.GetAsync("/api/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("unreachable", body.RootElement.GetProperty("storage").GetString());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
