using System.Globalization;
using System.Text.Json;

namespace DpgMatch.Cli.Load;

/// <summary>
/// The needs a load run posts: a few realistic needs of different sectors and countries, each made distinct by
/// its number, so the matcher ranks a different text each time rather than one need over and over.
/// </summary>
public static class NeedBodies
{
    private static readonly (string Title, string Description, string Sector, int Sdg, string Country, string Constraint)[] Templates =
    [
        ("County health facility monthly reporting system",
            "County health facilities report monthly service statistics (immunisation, maternal health, malaria) with dashboards and indicators; data entry must work offline.",
            "Health", 3, "Kenya", "must support offline data entry"),
        ("Learner records and school census platform",
            "The ministry needs to record enrolment, attendance and examination results for primary and secondary schools, with district reports and an open API for partners.",
            "Education", 4, "Uganda", "must run on premises"),
        ("Digital identity registration for social protection",
            "Register beneficiaries of cash transfer programmes with biometric deduplication and issue identity credentials that other government systems can verify.",
            "Identity", 1, "Ethiopia", "must support data residency in country"),
        ("Farmer registry and extension advisory messages",
            "Register smallholder farmers, their plots and crops, and send extension advice and weather alerts by SMS in local languages.",
            "Agriculture", 2, "Malawi", "must work over SMS"),
        ("Open contracting portal for public procurement",
            "Publish tenders, awards and contracts as open data under the Open Contracting Data Standard, with search and bulk download for journalists and auditors.",
            "Governance", 16, "Nepal", "must be open source"),
        ("Rural water point monitoring",
            "Track the functionality of rural water points, collect reports from community members by mobile phone and plan repairs by district.",
            "Water", 6, "Mozambique", "must support offline data entry"),
    ];

    public static string Description(int need) =>
        string.Create(CultureInfo.InvariantCulture, $"{Templates[need % Templates.Length].Description} Lot {need + 1} of the programme.");

    /// <summary>The JSON body of need <paramref name="need"/>; the same bytes each time, as an idempotent replay requires.</summary>
    public static string For(int need, string contactEmail)
    {
        var t = Templates[need % Templates.Length];
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("title", string.Create(CultureInfo.InvariantCulture, $"{t.Title} (lot {need + 1})"));
            json.WriteString("description", Description(need));
            json.WriteString("sector", t.Sector);
            json.WriteStartArray("sdgs");
            json.WriteNumberValue(t.Sdg);
            json.WriteEndArray();
            json.WriteString("country", t.Country);
            json.WriteStartArray("constraints");
            json.WriteStringValue(t.Constraint);
            json.WriteEndArray();
            json.WriteString("buyer", "government");
            json.WriteString("contactEmail", contactEmail);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
