using System.Text.Json;
using DpgMatch.Core.Matching;

namespace DpgMatch.Core.Ranking;

/// <summary>One need of a JSON-lines needs file, with the grades judged for it when the file carries them.</summary>
public sealed record NeedsFileEntry(string Id, NeedQuery Need, string? Difficulty, string? Source, IReadOnlyDictionary<string, int> Judgements);

/// <summary>
/// Reads needs written one JSON object per line: <c>id</c>, <c>title</c>, <c>description</c>, <c>sector</c>,
/// <c>sdgs</c>, <c>country</c>, <c>constraints</c>; optionally <c>source</c> (the slug the need was written from) and
/// <c>judgements</c> (<c>[{"slug", "grade"}]</c>). Other fields, such as <c>buyer</c> and <c>meta</c>, are ignored,
/// except <c>meta.difficulty</c>, which only groups a report.
/// </summary>
public static class NeedsFile
{
    public static IEnumerable<NeedsFileEntry> Read(string path) => Parse(File.ReadLines(path));

    public static IEnumerable<NeedsFileEntry> Parse(IEnumerable<string> lines)
    {
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var id = Text(root, "id") ?? throw new FormatException($"Line {number}: every need needs an 'id'.");
            var need = new NeedQuery(
                Text(root, "title") ?? "",
                Text(root, "description") ?? "",
                Text(root, "sector"),
                Array(root, "sdgs").Select(s => s.GetInt32()).ToArray(),
                Text(root, "country"),
                Array(root, "constraints").Select(x => x.GetString() ?? "").ToArray());
            var difficulty = root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object ? Text(meta, "difficulty") : null;
            var judgements = Array(root, "judgements")
                .Select(j => (Slug: Text(j, "slug"), Grade: j.TryGetProperty("grade", out var g) ? g.GetInt32() : 0))
                .Where(j => j.Slug is not null && j.Grade > 0)
                .GroupBy(j => j.Slug!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Max(j => j.Grade), StringComparer.Ordinal);
            yield return new NeedsFileEntry(id, need, difficulty, Text(root, "source"), judgements);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement[] Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray() : [];
}
