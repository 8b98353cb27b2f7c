using System.Globalization;
using System.Text.Json;
using DpgMatch.Cli;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

[Collection(LocalHostTests.Name)]
public sealed class LoadVerbTests(LocalHostFixture host)
{
    [Fact]
    public async Task The_load_verb_posts_needs_replays_them_and_sees_one_digest_each()
    {
        var json = Path.Combine(Path.GetTempPath(), $"load-{Guid.NewGuid():n}.json");
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var progress = new StringWriter(CultureInfo.InvariantCulture);
        try
        {
            var code = await CliApplication.RunAsync(
                [
                    "load", "--url", host.BaseAddress.ToString(), "--key", host.AdminKey, "--needs", "5", "--concurrency", "2",
                    "--replays", "3", "--storage", TestStorage.ConnectionString, "--timeout", "60", "--json", json,
                ],
                output,
                progress);

            Assert.True(code == 0, output + "\n" + progress);
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = report.RootElement;
            Assert.True(root.GetProperty("passed").GetBoolean());
            Assert.Equal(5, root.GetProperty("posting").GetProperty("succeeded").GetInt32());
            Assert.Equal(0, root.GetProperty("replays").GetProperty("mismatches").GetInt32());
            var emails = root.GetProperty("emails");
            Assert.Equal((5, 0, 0), (emails.GetProperty("arrived").GetInt32(), emails.GetProperty("missing").GetInt32(), emails.GetProperty("duplicateRecipients").GetInt32()));
            Assert.True(emails.GetProperty("latency").GetProperty("p50Ms").GetDouble() > 0);
            Assert.True(root.GetProperty("rawTables").GetProperty("perSecond").GetDouble() > 0);
            Assert.True(root.GetProperty("postingToRawRatio").GetDouble() > 0);

            var printed = output.ToString() + progress;
            Assert.Contains("need to digest in the mail sink", printed, StringComparison.Ordinal);
            Assert.DoesNotContain("@", printed, StringComparison.Ordinal);
            Assert.DoesNotContain(host.AdminKey, printed, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(json);
        }
    }
}
