using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using static DpgMatch.Core.Needs.Ocds.OcdsJson;

namespace DpgMatch.Core.Needs.Ocds;

/// <summary>
/// Turns OCDS data, as publishers serve it, into tenders: release packages (OCDS 1.0 and 1.1), record packages,
/// a bare release or a bare record. One tender per ocid; everything left out is explained in
/// <see cref="OcdsReadResult.Problems"/>.
/// </summary>
/// <remarks>
/// Invalid JSON throws <see cref="JsonException"/> (the caller answers 400): a document we cannot parse is the
/// sender's mistake, not a partial result. Bytes that are not UTF-8 are not JSON text either. Any valid JSON,
/// whatever its shape, returns a result and never throws.
/// </remarks>
public static class OcdsReader
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 8000;

    private const string NotOcds = "The document is neither an OCDS package, a release nor a record.";

    // Publishers' files often start with a byte order mark, which the JSON parser rejects.
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <exception cref="JsonException">The input is not valid JSON.</exception>
    public static OcdsReadResult Read(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith(Utf8Bom))
        {
            json = json[Utf8Bom.Length..];
        }

        // The parser does not check that strings decode, so invalid UTF-8 would otherwise fail wherever it is read.
        if (!Utf8.IsValid(json))
        {
            throw new JsonException("The document is not valid UTF-8.");
        }

        using var document = JsonDocument.Parse(json.ToArray());
        return Read(document.RootElement);
    }

    /// <exception cref="JsonException">The input is not valid JSON.</exception>
    public static OcdsReadResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json.AsMemory().TrimStart('\uFEFF'));
        return Read(document.RootElement);
    }

    private static OcdsReadResult Read(JsonElement root)
    {
        var reading = new Reading();
        if (root.ValueKind != JsonValueKind.Object)
        {
            reading.Problems.Add($"The document is a JSON {Describe(root.ValueKind)}, not an object. {NotOcds}");
            return new OcdsReadResult([], reading.Problems);
        }

        var ocid = Property(root, "ocid");
        if (Property(root, "records") is { } records)
        {
            ReadPackage(records, "record", reading, ReadRecord);
        }
        else if (Property(root, "releases") is { } releases && ocid is null)
        {
            ReadPackage(releases, "release", reading, ReadRelease);
        }
        else if (ocid is not null && (Property(root, "releases") is not null || Property(root, "compiledRelease") is not null))
        {
            ReadRecord(root, "The record", reading);
        }
        else if (ocid is not null)
        {
            ReadRelease(root, "The release", reading);
        }
        else
        {
            reading.Problems.Add(NotOcds);
        }

        var tenders = new List<OcdsTender>();
        foreach (var (id, releases) in reading.ByOcid)
        {
            // Merge in date order so that the latest word on each field wins. OrderBy is stable, so releases
            // without a date keep their document order and count as the oldest.
            var merged = releases.OrderBy(r => r.Date ?? DateTimeOffset.MinValue).Aggregate((earlier, later) => earlier.MergeWith(later));
            if (!merged.HasTender)
            {
                reading.Problems.Add(merged.Count == 1
                    ? $"{id}: the {merged.Kind} has no tender."
                    : $"{id}: none of its {merged.Count} releases has a tender.");
                continue;
            }

            tenders.Add(Tender(id, merged, reading.Problems));
        }

        return new OcdsReadResult(tenders, reading.Problems);
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static void ReadPackage(JsonElement entries, string kind, Reading reading, Action<JsonElement, string, Reading> read)
    {
        if (entries.ValueKind != JsonValueKind.Array)
        {
            reading.Problems.Add($"The {kind} package's {kind}s are not a list. {NotOcds}");
            return;
        }

        if (entries.GetArrayLength() == 0)
        {
            reading.Problems.Add($"The {kind} package contains no {kind}s.");
            return;
        }

        var number = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            number++;
            var label = $"{char.ToUpperInvariant(kind[0])}{kind[1..]} {number} of the package";
            if (entry.ValueKind != JsonValueKind.Object)
            {
                reading.Problems.Add($"{label} is not an object; skipped.");
                continue;
            }

            read(entry, label, reading);
        }
    }

    private static void ReadRelease(JsonElement release, string label, Reading reading)
    {
        if (NonBlank(Text(release, "ocid")) is not { } ocid)
        {
            reading.Problems.Add($"{label} has no ocid; skipped.");
            return;
        }

        reading.Add(ocid, OcdsRelease.From(release, "release"));
    }

    /// <summary>
    /// A record's compiledRelease is the publisher's own merge of all its releases, so it is preferred.
    /// Without one, the embedded releases are merged here in date order, the later non-blank field winning.
    /// </summary>
    private static void ReadRecord(JsonElement record, string label, Reading reading)
    {
        var compiled = Object(record, "compiledRelease");
        if ((NonBlank(Text(record, "ocid")) ?? NonBlank(Text(compiled, "ocid"))) is not { } ocid)
        {
            reading.Problems.Add($"{label} has no ocid; skipped.");
            return;
        }

        if (compiled is { } compiledRelease)
        {
            reading.Add(ocid, OcdsRelease.From(compiledRelease, "compiled release"));
            return;
        }

        var releases = Array(record, "releases").Where(r => r.ValueKind == JsonValueKind.Object).ToList();
        if (releases.Count == 0)
        {
            reading.Problems.Add($"{ocid}: the record has neither a compiledRelease nor any releases.");
            return;
        }

        var embedded = releases.Where(CarriesData).ToList();
        if (embedded.Count == 0)
        {
            reading.Problems.Add($"{ocid}: the record only links to its releases and has no compiledRelease, so it holds no tender data.");
            return;
        }

        foreach (var release in embedded)
        {
            reading.Add(ocid, OcdsRelease.From(release, "release"));
        }
    }

    // A linked release is {"url", "date", "tag"}: it points at data elsewhere and holds none itself.
    private static bool CarriesData(JsonElement release) =>
        release.EnumerateObject().Any(p => !LinkFields.Any(name => NameIs(p, name)));

    private static readonly string[] LinkFields = ["url", "date", "tag", "id", "ocid"];

    private static OcdsTender Tender(string ocid, OcdsRelease release, List<string> problems)
    {
        var items = release.Items?.Select(e => e.Item).ToList() ?? [];
        var fullTitle = FullTitle(ocid, release, items);
        var parties = release.Parties;
        var buyerParty = FindParty(parties, release.BuyerId, release.BuyerName) ?? parties.FirstOrDefault(p => p.HasRole("buyer"));
        var entityParty = FindParty(parties, release.ProcuringEntityId, release.ProcuringEntityName)
            ?? parties.FirstOrDefault(p => p.HasRole("procuringEntity"));

        return new OcdsTender(
            ocid,
            OcdsText.Truncate(fullTitle, MaxTitleLength),
            Description(fullTitle, release.Description, items),
            items,
            Amount(ocid, release.Amount, problems),
            release.Currency,
            release.BuyerName ?? buyerParty?.Name ?? release.ProcuringEntityName ?? entityParty?.Name,
            buyerParty?.Country ?? release.BuyerCountry ?? entityParty?.Country ?? release.ProcuringEntityCountry,
            Date(ocid, "start", release.TenderStart, problems),
            Date(ocid, "end", release.TenderEnd, problems),
            // OCDS asks for lower-case ISO 639-1 codes; some publishers send "HY".
            release.Language?.ToLowerInvariant());
    }

    /// <summary>
    /// The title before it is capped: the tender's own, else the first item's description, else the tender
    /// description, else the ocid. Kept whole so that a description built from it loses nothing to the cap.
    /// </summary>
    private static string FullTitle(string ocid, OcdsRelease release, List<OcdsItem> items) =>
        release.Title
        ?? items.Select(i => i.Description).FirstOrDefault(d => d is not null)
        ?? OcdsText.Line(release.Description)
        ?? $"Tender {OcdsText.Line(ocid)}";

    /// <summary>
    /// The publisher's description when it says at least as much as the title. Otherwise (missing, or a stub
    /// such as "PARA LA DGTI") the title, that stub and the item descriptions together, so matching has words to use.
    /// </summary>
    private static string Description(string title, string? given, List<OcdsItem> items)
    {
        if (given is not null && given.Length >= title.Length)
        {
            return OcdsText.Truncate(given, MaxDescriptionLength);
        }

        var parts = new List<string> { title };
        if (given is not null && !string.Equals(OcdsText.Line(given), title, StringComparison.OrdinalIgnoreCase))
        {
            parts.Add(given);
        }

        var itemTexts = items
            .Select(i => i.Description)
            .OfType<string>()
            .Where(d => !string.Equals(d, title, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (itemTexts.Count > 0)
        {
            parts.Add("Items: " + string.Join("; ", itemTexts));
        }

        return OcdsText.Truncate(string.Join('\n', parts), MaxDescriptionLength);
    }

    // By id first; by name when the id does not match, because publishers get ids wrong (INAI's buyer
    // "CUA-440" is the party "CUA-420" with the same name).
    private static OcdsParty? FindParty(IReadOnlyList<OcdsParty> parties, string? id, string? name) =>
        (id is null ? null : parties.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal)))
        ?? (name is null ? null : parties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)));

    private static decimal? Amount(string ocid, string? raw, List<string> problems)
    {
        if (raw is null)
        {
            return null;
        }

        if (ParseDecimal(raw) is { } amount)
        {
            return amount;
        }

        problems.Add($"{ocid}: the tender value amount \"{raw}\" is not a number; left out.");
        return null;
    }

    private static DateTimeOffset? Date(string ocid, string which, string? raw, List<string> problems)
    {
        if (raw is null)
        {
            return null;
        }

        if (ParseDate(raw) is { } date)
        {
            return date;
        }

        problems.Add(string.Create(CultureInfo.InvariantCulture, $"{ocid}: the tender period {which} date \"{raw}\" is not a date; left out."));
        return null;
    }

    /// <summary>What one read has gathered: releases grouped by ocid in order of first appearance, and problems.</summary>
    private sealed class Reading
    {
        public OrderedDictionary<string, List<OcdsRelease>> ByOcid { get; } = new(StringComparer.Ordinal);
        public List<string> Problems { get; } = [];

        public void Add(string ocid, OcdsRelease release)
        {
            if (!ByOcid.TryGetValue(ocid, out var releases))
            {
                ByOcid.Add(ocid, releases = []);
            }

            releases.Add(release);
        }
    }
}
