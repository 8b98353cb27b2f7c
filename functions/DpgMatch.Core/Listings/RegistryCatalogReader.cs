using System.Text.Json;

namespace DpgMatch.Core.Listings;

/// <summary>
/// Reads the DPG registry in its native layout: <c>nominees/{slug}.json</c> merged by slug with the
/// DPG-Standard screening file <c>digitalpublicgoods/{slug}.json</c>, when there is one.
/// </summary>
public static class RegistryCatalogReader
{
    public const string Source = "dpg-registry";

    public static IReadOnlyList<Listing> Read(string directory)
    {
        var nominees = Path.Combine(directory, "nominees");
        if (!Directory.Exists(nominees))
        {
            throw new DirectoryNotFoundException($"No nominees folder in the catalogue directory '{directory}'.");
        }

        var screenings = Path.Combine(directory, "digitalpublicgoods");
        return Directory.EnumerateFiles(nominees, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(file =>
            {
                var slug = Path.GetFileNameWithoutExtension(file);
                var screening = Path.Combine(screenings, slug + ".json");
                return Parse(slug, File.ReadAllBytes(file), File.Exists(screening) ? File.ReadAllBytes(screening) : null);
            })
            .ToArray();
    }

    public static Listing Parse(string slug, ReadOnlySpan<byte> nomineeJson, ReadOnlySpan<byte> screeningJson)
    {
        using var nominee = JsonDocument.Parse(nomineeJson.ToArray());
        using var screening = screeningJson.IsEmpty ? null : JsonDocument.Parse(screeningJson.ToArray());
        var n = nominee.RootElement;
        var s = screening?.RootElement;

        return new Listing(
            Id: slug,
            Name: Text(n, "name") ?? slug,
            Aliases: Strings(n, "aliases"),
            Description: Text(n, "description") ?? "",
            Website: Text(n, "website"),
            Licenses: Objects(n, "license").Select(l => Text(l, "spdx")).OfType<string>().ToArray(),
            Sdgs: Objects(n, "SDGs")
                .Where(e => e.TryGetProperty("SDGNumber", out var num) && num.ValueKind == JsonValueKind.Number)
                .Select(e => new SdgEvidence(e.GetProperty("SDGNumber").GetInt32(), Text(e, "evidenceText")))
                .ToArray(),
            Sectors: Strings(n, "sectors"),
            Types: Strings(n, "type"),
            Stage: Text(n, "stage") ?? "nominee",
            Repositories: Objects(n, "repositories").Select(r => Text(r, "url")).OfType<string>().ToArray(),
            Organisations: Objects(n, "organizations")
                .Select(o => new ListingOrganisation(Text(o, "name") ?? "", Text(o, "website"), Text(o, "org_type") ?? "owner"))
                .Where(o => o.Name.Length > 0)
                .ToArray(),
            DevelopmentCountries: s is { } d1 ? Strings(Child(d1, "locations"), "developmentCountries") : [],
            DeploymentCountries: s is { } d2 ? Strings(Child(d2, "locations"), "deploymentCountries") : [],
            Standards: s is { } d3 ? Strings(Child(d3, "standards"), "standardsList") : [],
            Source: Source);
    }

    private static JsonElement Child(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    private static string? Text(JsonElement e, string name)
    {
        var v = Child(e, name);
        return v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString()!.Trim() : null;
    }

    private static string[] Strings(JsonElement e, string name)
    {
        var v = Child(e, name);
        return v.ValueKind != JsonValueKind.Array
            ? []
            : v.EnumerateArray()
                .Where(x => x.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(x.GetString()))
                .Select(x => x.GetString()!.Trim())
                .Distinct(StringComparer.Ordinal)
                .ToArray();
    }

    private static JsonElement[] Objects(JsonElement e, string name)
    {
        var v = Child(e, name);
        return v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).ToArray() : [];
    }
}
