using System.Reflection;
using System.Text.Json;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Notifications;
using DpgMatch.Core.Ranking;
using DpgMatch.Infrastructure.Catalog;
using DpgMatch.Infrastructure.Email;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.Deployment;

public sealed class SettingsSampleTests
{
    [Fact]
    public void The_sample_names_every_setting_the_app_reads()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestStorage.RepoRoot(), "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var expected = new[] { typeof(AuthOptions), typeof(MatchingOptions), typeof(NotificationOptions), typeof(SendGridOptions), typeof(CatalogOptions), typeof(RankingOptions) }
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite)
                .Select(p => $"{t.GetField("Section")!.GetValue(null)}__{p.Name}"))
            .Append("AzureWebJobsStorage")
            .Append("FUNCTIONS_WORKER_RUNTIME");

        Assert.All(expected, name => Assert.Contains(name, values));
    }
}
