using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.Fuzz;

/// <summary>A zip in the registry's layout, with the slugs its files were meant for and how it was made.</summary>
public sealed record RegistryZip(byte[] Bytes, IReadOnlyList<string> Slugs, string Description);

/// <summary>
/// Registry zips made from the bundled registry's own files: nominee and screening files, mutated or not, put
/// under the slugs the caller chooses (so that later cases update or repeat earlier ones), in folders the
/// importer reads or must ignore, and sometimes a zip damaged as a whole.
/// </summary>
public static class RegistryZips
{
    public static readonly string[] Fields =
    [
        "name", "aliases", "description", "website", "license", "spdx", "licenseURL", "SDGs", "SDGNumber", "evidenceText", "evidenceURL",
        "sectors", "type", "repositories", "url", "organizations", "org_type", "contact_name", "contact_email", "stage", "locations",
        "developmentCountries", "deploymentCountries", "platformIndependence", "isSoftwarePltIndependent", "privacy", "isPrivacyCompliant",
        "privacyComplianceList", "standards", "supportStandards", "standardsList", "doNoHarm", "dataPrivacySecurity", "collectsPII",
        "NonPII", "collectsNonPII", "documentation", "isDocumentationAvailable",
    ];

    private static readonly Lazy<Registry> Bundled = new(Load);

    /// <param name="entries">How many DPGs, each under its own slug; by default one to five, slugs repeating.</param>
    public static RegistryZip Make(Random random, IReadOnlyList<string> slugs, bool allowHugeFiles, int entries = 0)
    {
        var registry = Bundled.Value;
        var mutator = new JsonMutator(random, Fields);
        var notes = new List<string>();
        var files = new List<(string Path, byte[] Content)>();
        var used = new List<string>();
        var top = random.Next(10) switch
        {
            < 7 => "publicgoods-candidates-main/",
            7 or 8 => "",
            _ => "two/levels/", // deeper than the one top folder a download has: ignored
        };
        if (top != "publicgoods-candidates-main/")
        {
            notes.Add($"top folder '{top}'");
        }

        var order = entries > 0 ? slugs.OrderBy(_ => random.Next()).ToList() : null;
        for (var i = entries > 0 ? entries : random.Next(1, 6); i > 0; i--)
        {
            var slug = order is null ? slugs[random.Next(slugs.Count)] : order[i % order.Count];
            var source = registry.Slugs[random.Next(registry.Slugs.Count)];
            used.Add(slug);
            var kind = random.Next(20);
            if (kind < 18)
            {
                if (kind < 16)
                {
                    files.Add(($"{top}nominees/{slug}.json", Content(random, mutator, registry.Nominees[source], allowHugeFiles, notes, $"nominees/{slug} from {source}")));
                }

                if ((kind < 10 || kind >= 16) && registry.Screenings.TryGetValue(source, out var screening))
                {
                    files.Add(($"{top}digitalpublicgoods/{slug}.json", Content(random, mutator, screening, allowHugeFiles, notes, $"digitalpublicgoods/{slug} from {source}")));
                }
            }
            else
            {
                var path = new[]
                {
                    $"{top}README.md", $"{top}nominees/{slug}.txt", $"{top}nominees/{slug.ToUpperInvariant()}.json", $"{top}nominees/sub/{slug}.json",
                    $"{top}nominees/{slug}.JSON", $"../nominees/{slug}.json", $"{top}nominees\\{slug}.json", $"./nominees/{slug}.json",
                    $"{top}nominees//{slug}.json", $"{top}nominees/{slug}-.json", $"{top}nominees/{slug}{new string('a', 300)}.json", $"{top}nominees/.json",
                }[random.Next(12)];
                files.Add((path, registry.Nominees[source]));
                notes.Add($"odd path '{path}'");
            }
        }

        if (random.Next(20) == 0 && files.Count > 0)
        {
            var (path, _) = files[random.Next(files.Count)];
            files.Add((path, Content(random, mutator, registry.Nominees[registry.Slugs[random.Next(registry.Slugs.Count)]], false, notes, "a second entry of the same path")));
            notes.Add($"'{path}' twice");
        }

        if (random.Next(30) == 0 && files.Count > 0)
        {
            var (path, content) = files[random.Next(files.Count)];
            var other = "other-download/" + path[(path.IndexOf('/', StringComparison.Ordinal) + 1)..];
            files.Add((other, content));
            notes.Add($"the same slug again as '{other}'");
        }

        var bytes = Zip(files, random);
        if (random.Next(12) == 0)
        {
            bytes = mutator.DamageBytes(bytes);
            notes.Add("zip damaged: " + mutator.Applied[^1]);
        }

        return new RegistryZip(bytes, used.Distinct(StringComparer.Ordinal).ToList(), string.Join("; ", notes));
    }

    private static byte[] Content(Random random, JsonMutator mutator, byte[] original, bool allowHugeFiles, List<string> notes, string what)
    {
        if (allowHugeFiles && random.Next(80) == 0)
        {
            // Just under and just over the 1 MiB a registry file may have, as a single long field.
            var node = JsonNode.Parse(original)!.AsObject();
            var field = new[] { "description", "name", "website" }[random.Next(3)];
            var length = new[] { 400_000, 1_100_000 }[random.Next(2)];
            node[field] = new string('d', length);
            notes.Add($"{what}: {field} of {length} characters");
            return Encoding.UTF8.GetBytes(node.ToJsonString());
        }

        if (random.Next(5) < 2)
        {
            notes.Add($"{what}: as bundled");
            return original;
        }

        var before = mutator.Applied.Count;
        var mutated = mutator.Mutate(JsonNode.Parse(original), structural: random.Next(1, 4), damageBytes: random.Next(8) == 0);
        notes.Add($"{what}: {string.Join(", ", mutator.Applied.Skip(before))}");
        return mutated;
    }

    private static byte[] Zip(List<(string Path, byte[] Content)> files, Random random)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                var level = new[] { CompressionLevel.Optimal, CompressionLevel.Fastest, CompressionLevel.NoCompression, CompressionLevel.SmallestSize }[random.Next(4)];
                using var entry = zip.CreateEntry(path, level).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static Registry Load()
    {
        var root = Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry");
        var nominees = Directory.EnumerateFiles(Path.Combine(root, "nominees"), "*.json")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllBytes, StringComparer.Ordinal);
        var screenings = Directory.EnumerateFiles(Path.Combine(root, "digitalpublicgoods"), "*.json")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllBytes, StringComparer.Ordinal);
        return new Registry(nominees.Keys.Order(StringComparer.Ordinal).ToList(), nominees, screenings);
    }

    private sealed record Registry(IReadOnlyList<string> Slugs, IReadOnlyDictionary<string, byte[]> Nominees, IReadOnlyDictionary<string, byte[]> Screenings);
}
