using System.Text.Json;
using System.Text.Unicode;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Validation;

namespace DpgMatch.Core.Listings;

/// <summary>A registry entry turned into a listing, with the contacts that were in it; or why it was refused.</summary>
public sealed record ParsedEntry(Listing? Listing, IReadOnlyList<ListingContact> Contacts, IReadOnlyList<string> Problems);

/// <summary>
/// Reads the DPG registry in its native schema: a nominee file merged by slug with its DPG-Standard screening
/// file. Each file is validated against the registry's schema first; a file that fails is refused whole.
/// </summary>
/// <remarks>
/// The schema sets no limits, but storage and the rest of the product do, so a file must also keep the input
/// policy of every route (<see cref="SafeStringConverter"/>): listings are read back under it, and one stored
/// string that broke it would make the whole catalogue unreadable. And the listing it makes must fit in storage.
/// </remarks>
public static class RegistryCatalogReader
{
    /// <summary>
    /// The most characters of JSON a listing may take: far more than any DPG of the registry needs (the largest
    /// takes about 25,000), and little enough that a stored listing stays well inside Table storage's 1 MiB.
    /// </summary>
    public const int MaxListingJsonLength = 200_000;

    public static IReadOnlyList<Listing> Read(string directory) =>
        RegistrySnapshot.FromDirectory(directory).Entries
            .Select(Parse)
            .Where(p => p.Listing is not null)
            .Select(p => p.Listing!)
            .ToArray();

    public static ParsedEntry Parse(RegistryEntry entry)
    {
        if (entry.Nominee is null)
        {
            return Refused($"{entry.ScreeningPath}: there is no nominee file nominees/{entry.Slug}.json for this screening.");
        }

        JsonDocument nominee;
        JsonDocument? screening = null;
        try
        {
            nominee = Document(entry.Nominee);
        }
        catch (JsonException ex)
        {
            return Refused($"{entry.NomineePath}: not valid JSON ({ex.Message.Split(" Path:")[0]})");
        }

        using (nominee)
        {
            var problems = Validate(nominee.RootElement, RegistrySchemas.ValidateNominee).Select(p => $"{entry.NomineePath}: {p}").ToList();
            if (entry.Screening is not null)
            {
                try
                {
                    screening = Document(entry.Screening);
                    problems.AddRange(Validate(screening.RootElement, RegistrySchemas.ValidateScreening).Select(p => $"{entry.ScreeningPath}: {p}"));
                }
                catch (JsonException ex)
                {
                    problems.Add($"{entry.ScreeningPath}: not valid JSON ({ex.Message.Split(" Path:")[0]})");
                }
            }

            using (screening)
            {
                if (problems.Count > 0)
                {
                    return Refused([.. problems]);
                }

                var listing = ToListing(entry.Slug, nominee.RootElement, screening?.RootElement);
                var length = JsonSerializer.Serialize(listing, DpgMatchJson.Default.Listing).Length;
                return length > MaxListingJsonLength
                    ? Refused($"{entry.NomineePath}: the listing it makes takes {length} characters of JSON, more than the {MaxListingJsonLength} a listing may take.")
                    : new ParsedEntry(listing, Contacts(entry.Slug, nominee.RootElement), []);
            }
        }
    }

    // The parser does not check that strings decode: invalid UTF-8 would otherwise fail wherever it is read.
    private static JsonDocument Document(byte[] bytes) =>
        Utf8.IsValid(bytes) ? JsonDocument.Parse(bytes) : throw new JsonException("the file is not UTF-8");

    // The schema is only evaluated on values it can read: the validator reads every name, and every number in
    // an array that must hold unique items as a decimal, and throws rather than fails on one it cannot read.
    private static IReadOnlyList<string> Validate(JsonElement root, Func<JsonElement, IReadOnlyList<string>> schema)
    {
        var problems = ValueProblems(root, "").Take(10).ToList();
        return problems.Count > 0 ? problems : schema(root);
    }

    private static IEnumerable<string> ValueProblems(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = Decoded(() => property.Name);
                    var at = $"{path}/{(name is { Length: > 40 } ? name[..40] + "…" : name)}";
                    var problems = name is null ? [$"{path}/?: {SafeStringConverter.NotUnicodeMessage}"] : ValueProblems(property.Value, at);
                    foreach (var problem in problems)
                    {
                        yield return problem;
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var problem in ValueProblems(item, $"{path}/{index++}"))
                    {
                        yield return problem;
                    }
                }

                break;
            case JsonValueKind.String:
                if ((Decoded(element.GetString) is { } text ? SafeStringConverter.Problem(text) : SafeStringConverter.NotUnicodeMessage) is { } found)
                {
                    yield return $"{(path.Length > 0 ? path : "/")}: {found}";
                }

                break;
            case JsonValueKind.Number when !element.TryGetDecimal(out _):
                yield return $"{(path.Length > 0 ? path : "/")}: Is a number out of the range that can be read.";
                break;
        }
    }

    // An escaped lone surrogate ("\ud800") parses but cannot become a .NET string.
    private static string? Decoded(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static ParsedEntry Refused(params string[] problems) => new(null, [], problems);

    private static Listing ToListing(string slug, JsonElement n, JsonElement? s) => new(
        Id: slug,
        Name: Text(n, "name") ?? slug,
        Aliases: Strings(n, "aliases"),
        Description: Text(n, "description") ?? "",
        Website: Text(n, "website"),
        Licenses: Objects(n, "license").Select(l => Text(l, "spdx")).OfType<string>().Distinct(StringComparer.Ordinal).ToArray(),
        Sdgs: Objects(n, "SDGs")
            .Select(e => (Number: SdgNumber(Child(e, "SDGNumber")), Evidence: Text(e, "evidenceText")))
            .Where(e => e.Number is not null)
            .Select(e => new SdgEvidence(e.Number!.Value, e.Evidence))
            .ToArray(),
        Sectors: Strings(n, "sectors"),
        Types: Strings(n, "type"),
        Stage: Text(n, "stage") ?? "nominee",
        Repositories: Objects(n, "repositories")
            .Where(r => Text(r, "url") is not null)
            .Select(r => new ListingRepository(Text(r, "name"), Text(r, "url")!))
            .ToArray(),
        Organisations: Objects(n, "organizations")
            .Select(o => new ListingOrganisation(Text(o, "name") ?? "", Text(o, "website"), Text(o, "org_type") ?? "owner"))
            .Where(o => o.Name.Length > 0)
            .ToArray(),
        DevelopmentCountries: s is { } d1 ? Strings(Child(d1, "locations"), "developmentCountries") : [],
        DeploymentCountries: s is { } d2 ? Strings(Child(d2, "locations"), "deploymentCountries") : [],
        Standard: s is { } d3 ? Standard(d3) : null,
        Source: ListingSources.Registry);

    private static DpgStandardAnswers Standard(JsonElement s)
    {
        var platform = Child(s, "platformIndependence");
        var privacy = Child(s, "privacy");
        var standards = Child(s, "standards");
        var pii = Child(Child(s, "doNoHarm"), "dataPrivacySecurity");
        return new DpgStandardAnswers(
            PlatformIndependent: Text(platform, "isSoftwarePltIndependent"),
            MandatoryDependenciesRestrict: Text(platform, "mandatoryDepsCreateMoreRestrictions"),
            OpenAlternativesDescription: Text(platform, "pltIndependenceDesc"),
            DocumentationAvailable: Text(Child(s, "documentation"), "isDocumentationAvailable"),
            PrivacyCompliant: Text(privacy, "isPrivacyCompliant"),
            PrivacyComplianceList: Strings(privacy, "privacyComplianceList"),
            SupportsStandards: Text(standards, "supportStandards"),
            Standards: Strings(standards, "standardsList"),
            CollectsPii: Text(pii, "collectsPII"),
            SharesPiiWithThirdParties: Text(pii, "thirdPartyDataSharing"),
            EnsuresPrivacyAndSecurity: Text(pii, "ensurePrivacySecurity"),
            CollectsNonPii: Text(Child(s, "NonPII"), "collectsNonPII"));
    }

    private static ListingContact[] Contacts(string slug, JsonElement n) =>
        Objects(n, "organizations")
            .Where(o => Text(o, "contact_email") is not null)
            .SelectMany(o => Text(o, "contact_email")!
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(email => new ListingContact(
                    slug, Text(o, "contact_name") ?? "", email, Text(o, "name") ?? "", Text(o, "org_type") ?? "owner", ListingSources.Registry)))
            .DistinctBy(c => c.Email.ToUpperInvariant())
            .ToArray();

    // The schema's enum compares numbers by value, so 8.0 and 80e-1 pass as SDG 8; GetInt32 reads only "8".
    private static int? SdgNumber(JsonElement number) =>
        number.ValueKind == JsonValueKind.Number && number.TryGetDouble(out var value) && value is >= 1 and <= 17 && value == Math.Floor(value)
            ? (int)value
            : null;

    private static JsonElement Child(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    private static string? Text(JsonElement e, string name)
    {
        var v = Child(e, name);
        return v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString()!.Trim().Normalize(System.Text.NormalizationForm.FormC)
            : null;
    }

    private static string[] Strings(JsonElement e, string name)
    {
        var v = Child(e, name);
        return v.ValueKind != JsonValueKind.Array
            ? []
            : v.EnumerateArray()
                .Where(x => x.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(x.GetString()))
                .Select(x => x.GetString()!.Trim().Normalize(System.Text.NormalizationForm.FormC))
                .Distinct(StringComparer.Ordinal)
                .ToArray();
    }

    private static JsonElement[] Objects(JsonElement e, string name)
    {
        var v = Child(e, name);
        return v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).ToArray() : [];
    }
}
