using System.Globalization;
using DpgMatch.Cli;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.Unit;

public sealed class CliTests
{
    [Fact]
    public async Task Rank_writes_a_run_file_of_need_listing_and_score()
    {
        var needs = Path.GetTempFileName();
        await File.WriteAllTextAsync(needs, """
            {"id":"n1","title":"Health information system","description":"District health data collection and dashboards","sector":"Health","sdgs":[3],"country":"Kenya","constraints":[]}
            """);
        using var output = new StringWriter(CultureInfo.InvariantCulture);

        var code = await CliApplication.RunAsync(
            ["rank", "--needs", needs, "--catalog", Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry"), "--top", "5"],
            output,
            TextWriter.Null);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, code);
        Assert.Equal(5, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("n1\t", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Split('\t')[1] == "dhis2");
        File.Delete(needs);
    }

    [Fact]
    public async Task An_unknown_command_fails_with_usage()
    {
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        Assert.Equal(2, await CliApplication.RunAsync(["frobnicate"], TextWriter.Null, error));
        Assert.Contains("Usage", error.ToString(), StringComparison.Ordinal);
    }
}
