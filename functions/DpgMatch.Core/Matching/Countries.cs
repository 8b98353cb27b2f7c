using System.Reflection;
using System.Text.Json;

namespace DpgMatch.Core.Matching;

/// <summary>
/// Country names as the registry and officers write them, mapped to one canonical name and a UN M49
/// sub-region, so that "deployed in Uganda" counts as regional evidence for a need in Kenya.
/// </summary>
public static class Countries
{
    private static readonly Lazy<(Dictionary<string, string> Canonical, Dictionary<string, string> Region)> Table = new(Load);

    public static string? Canonical(string? country)
    {
        if (string.IsNullOrWhiteSpace(country))
        {
            return null;
        }

        var trimmed = country.Trim();
        return Table.Value.Canonical.TryGetValue(trimmed, out var canonical) ? canonical : trimmed;
    }

    public static string? Region(string? country) =>
        Canonical(country) is { } c && Table.Value.Region.TryGetValue(c, out var region) ? region : null;

    public static bool Same(string? a, string? b) =>
        Canonical(a) is { } x && Canonical(b) is { } y && string.Equals(x, y, StringComparison.OrdinalIgnoreCase);

    private static (Dictionary<string, string>, Dictionary<string, string>) Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("DpgMatch.Core.Matching.regions.json")
            ?? throw new InvalidOperationException("regions.json is not embedded.");
        using var document = JsonDocument.Parse(stream);
        var canonical = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var region = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in document.RootElement.GetProperty("regions").EnumerateObject())
        {
            foreach (var country in r.Value.EnumerateArray().Select(c => c.GetString()!))
            {
                canonical[country] = country;
                region[country] = r.Name;
            }
        }

        foreach (var alias in document.RootElement.GetProperty("aliases").EnumerateObject())
        {
            canonical[alias.Name] = alias.Value.GetString()!;
        }

        return (canonical, region);
    }
}
