using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

[Collection(LocalHostTests.Name)]
public sealed class RegistryImportTests(LocalHostFixture host)
{
    private static string Registry => Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry");

    /// <summary>A zip laid out as the registry repository downloads: everything under one top folder.</summary>
    private static byte[] Zip(IEnumerable<(string Path, byte[] Content)> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                using var entry = zip.CreateEntry("publicgoods-candidates-main/" + path).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static string NewSlug() => "test-dpg-" + Guid.NewGuid().ToString("n")[..10];

    private static byte[] Nominee(string name) => Encoding.UTF8.GetBytes($$"""
        {"name":"{{name}}","description":"A test DPG imported from a zip.","website":"https://example.org","license":[{"spdx":"MIT","licenseURL":"https://example.org/license"}],
         "SDGs":[{"SDGNumber":4,"evidenceText":"Teaches."}],"sectors":["Education"],"type":["software"],"repositories":[{"name":"main","url":"https://example.org/repo"}],
         "organizations":[{"name":"Test Org","website":"https://example.org","org_type":"owner","contact_name":"Maintainer 1","contact_email":"contact+00000000@example.org"}],"stage":"nominee"}
        """);

    [Fact]
    public async Task A_small_zip_is_imported_at_once_and_an_invalid_file_is_reported_without_being_written()
    {
        var admin = await host.CreateKeyAsync("admin", "DpgMatch operators");
        var good = NewSlug();
        var bad = NewSlug();
        var zip = Zip([
            ($"nominees/{good}.json", Nominee("Good " + good)),
            ($"nominees/{bad}.json", Encoding.UTF8.GetBytes("""{"name":"Bad","stage":"winner"}""")),
            ("README.md", Encoding.UTF8.GetBytes("ignored")),
        ]);

        using var response = await host.SendRawAsync(HttpMethod.Post, "/api/listings/import", admin, zip, "application/zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var report = body.RootElement.GetProperty("report");
        Assert.Equal(1, report.GetProperty("created").GetInt32());
        var rejected = Assert.Single(report.GetProperty("rejected").EnumerateArray());
        Assert.Equal($"publicgoods-candidates-main/nominees/{bad}.json", rejected.GetProperty("file").GetString());
        Assert.Contains("/stage", rejected.GetProperty("reason").GetString()!, StringComparison.Ordinal);

        using var goodListing = await host.SendAsync(HttpMethod.Get, $"/api/listings/{good}", key: null);
        using var badListing = await host.SendAsync(HttpMethod.Get, $"/api/listings/{bad}", key: null);
        Assert.Equal(HttpStatusCode.OK, goodListing.StatusCode);
        Assert.DoesNotContain("contact+00000000", await goodListing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, badListing.StatusCode);
    }

    [Fact]
    public async Task A_large_zip_is_imported_in_chunks_through_the_queue_and_an_unchanged_registry_writes_nothing()
    {
        var admin = await host.CreateKeyAsync("admin", "DpgMatch operators");
        var files = Directory.EnumerateFiles(Registry, "*.json", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(Registry, f).Replace('\\', '/'), File.ReadAllBytes(f)));

        using var response = await host.SendRawAsync(HttpMethod.Post, "/api/listings/import", admin, Zip(files), "application/zip");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;

        JsonElement job = default;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(200);
            using var status = await host.SendAsync(HttpMethod.Get, location, admin);
            job = JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        while (job.GetProperty("status").GetString() != "completed" && DateTime.UtcNow < deadline);

        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(5, job.GetProperty("chunks").GetInt32());
        var report = job.GetProperty("report");
        Assert.Equal(0, report.GetProperty("created").GetInt32());
        Assert.Equal(0, report.GetProperty("updated").GetInt32());
        Assert.Equal(228, report.GetProperty("unchanged").GetInt32());
        Assert.Equal(2, report.GetProperty("rejected").GetArrayLength());
    }

    [Fact]
    public async Task What_is_not_a_registry_zip_is_refused()
    {
        var admin = await host.CreateKeyAsync("admin", "DpgMatch operators");
        using var notZip = await host.SendRawAsync(HttpMethod.Post, "/api/listings/import", admin, Encoding.UTF8.GetBytes("not a zip"), "application/zip");
        using var emptyZip = await host.SendRawAsync(HttpMethod.Post, "/api/listings/import", admin, Zip([("README.md", [1])]), "application/zip");
        using var json = await host.SendRawAsync(HttpMethod.Post, "/api/listings/import", admin, Encoding.UTF8.GetBytes("{}"), "application/json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notZip.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, emptyZip.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
    }
}
