using System.IO.Compression;
using System.Text.RegularExpressions;

namespace DpgMatch.Core.Listings;

/// <summary>One DPG's files in the registry's layout: its nominee file and, when screened, its DPG-Standard file.</summary>
public sealed record RegistryEntry(string Slug, string? NomineePath, byte[]? Nominee, string? ScreeningPath, byte[]? Screening);

/// <summary>
/// The registry's native layout (<c>nominees/{slug}.json</c>, <c>digitalpublicgoods/{slug}.json</c>), read
/// from a folder or from a zip as the registry's repository downloads (everything under one top folder).
/// </summary>
public sealed partial class RegistrySnapshot
{
    public const long MaxFileBytes = 1024 * 1024;
    public const int MaxEntries = 20_000;

    private RegistrySnapshot(IReadOnlyList<RegistryEntry> entries) => Entries = entries;

    public IReadOnlyList<RegistryEntry> Entries { get; }

    public static RegistrySnapshot FromDirectory(string directory)
    {
        if (!Directory.Exists(Path.Combine(directory, "nominees")))
        {
            throw new InvalidDataException($"There is no nominees folder in '{directory}'.");
        }

        var files = Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories)
            .Select(f => (Path: Path.GetRelativePath(directory, f).Replace('\\', '/'), Read: (Func<byte[]>)(() => File.ReadAllBytes(f))));
        return Build(files);
    }

    /// <summary>Reads a zip; entries outside the two registry folders are ignored, oversized files refused.</summary>
    public static RegistrySnapshot FromZip(Stream zip)
    {
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        var files = new List<(string Path, Func<byte[]> Read)>();
        foreach (var entry in archive.Entries)
        {
            if (!EntryPattern().IsMatch(entry.FullName))
            {
                continue;
            }

            if (entry.Length > MaxFileBytes)
            {
                throw new InvalidDataException($"'{entry.FullName}' is larger than {MaxFileBytes} bytes.");
            }

            if (files.Count >= MaxEntries)
            {
                throw new InvalidDataException($"The zip holds more than {MaxEntries} registry files.");
            }

            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            files.Add((entry.FullName, () => bytes));
        }

        return Build(files);
    }

    public RegistrySnapshot Only(IReadOnlySet<string> slugs) => new(Entries.Where(e => slugs.Contains(e.Slug)).ToArray());

    private static RegistrySnapshot Build(IEnumerable<(string Path, Func<byte[]> Read)> files)
    {
        var nominees = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        var screenings = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var (path, read) in files)
        {
            var match = EntryPattern().Match(path);
            if (!match.Success)
            {
                continue;
            }

            var target = match.Groups["folder"].Value == "nominees" ? nominees : screenings;
            target[match.Groups["slug"].Value] = (path, read());
        }

        if (nominees.Count == 0 && screenings.Count == 0)
        {
            throw new InvalidDataException("No nominees/*.json or digitalpublicgoods/*.json files were found.");
        }

        return new RegistrySnapshot(nominees.Keys.Union(screenings.Keys)
            .Order(StringComparer.Ordinal)
            .Select(slug =>
            {
                var hasNominee = nominees.TryGetValue(slug, out var n);
                var hasScreening = screenings.TryGetValue(slug, out var s);
                return new RegistryEntry(
                    slug,
                    hasNominee ? n.Item1 : null,
                    hasNominee ? n.Item2 : null,
                    hasScreening ? s.Item1 : null,
                    hasScreening ? s.Item2 : null);
            })
            .ToArray());
    }

    // At most one top folder (the repository download's), then one of the two registry folders.
    [GeneratedRegex(@"^(?:[^/]+/)?(?<folder>nominees|digitalpublicgoods)/(?<slug>[a-z0-9]+(?:[-_.][a-z0-9]+)*)\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex EntryPattern();
}
