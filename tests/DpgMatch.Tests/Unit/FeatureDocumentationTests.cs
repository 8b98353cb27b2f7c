using DpgMatch.Core.Ranking;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.Unit;

public sealed class FeatureDocumentationTests
{
    [Fact]
    public void The_feature_table_lists_every_feature_in_order()
    {
        var table = File.ReadAllLines(Path.Combine(TestStorage.RepoRoot(), "docs", "features.md"))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('`')[1])
            .ToArray();
        Assert.Equal(Features.All.Select(f => f.Name), table);
    }
}
