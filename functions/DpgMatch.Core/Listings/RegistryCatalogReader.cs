using System.Text.Json;

namespace DpgMatch.Core.Listings;

/// <summary>A registry entry turned into a listing, with the contacts that were in it; or why it was refused.</summary>
public sealed record ParsedEntry(Listing? Listing, IReadOnlyList<ListingContact> Contacts, IReadOnlyList<string> Problems);

/// <summary>
/// Reads the DPG registry in its native schema: a nominee file merged by slug with its DPG-Standard screening
/// file. Each file is validated against the registry's schema first; a file that fails is refused whole.
/// </summary>
public static class RegistryCatalogReader
{
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
            nominee = JsonDocument.Parse(entry.Nominee);
        }
        catch (JsonException ex)
        {
            return Refused($"{entry.NomineePath}: not valid JSON ({ex.Message.Split(" Path:")[0]})");
        }

        using (nominee)
        {
            var problems = RegistrySchemas.ValidateNominee(nominee.RootElement).Select(p => $"{entry.NomineePath}: {p}").ToList();
            if (entry.Screening is not null)
            {
                try
                {
                    screening = JsonDocument.Parse(entry.Screening);
                    problems.AddRange(RegistrySchemas.ValidateScreening(screening.RootElement).Select(p => $"{entry.ScreeningPath}: {p}"));
                }
                catch (JsonException ex)
                {
                    problems.Add($"{entry.ScreeningPath}: not valid JSON ({ex.Message.Split(" Path:")[0]})");
                }
            }

            using (screening)
            {
                return problems.Count > 0
                    ? Refused([.. problems])
                    : new ParsedEntry(ToListing(entry.Slug, nominee.RootElement, screening?.RootElement), Contacts(entry.Slug, nominee.RootElement), []);
            }
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
