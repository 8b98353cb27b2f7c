using System.Text.Json;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Messaging;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.Unit;

public sealed class RegistryCatalogReaderTests
{
    private static readonly IReadOnlyList<Listing> Catalogue =
        RegistryCatalogReader.Read(Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry"));

    [Fact]
    public void Every_nominee_becomes_a_listing_merged_with_its_screening()
    {
        Assert.Equal(228, Catalogue.Count);
        var dhis2 = Catalogue.Single(l => l.Id == "dhis2");
        Assert.Equal("DHIS2", dhis2.Name);
        Assert.Equal(["District Health Information System 2"], dhis2.Aliases);
        Assert.Equal(["BSD-3-Clause"], dhis2.Licenses);
        Assert.Equal([3, 4, 17], dhis2.Sdgs.Select(s => s.Number));
        Assert.Contains("Kenya", dhis2.DeploymentCountries);
        Assert.Contains("FHIR", dhis2.Standard!.Standards);
        Assert.Equal("Yes", dhis2.Standard.PrivacyCompliant);
        Assert.Equal("Yes", dhis2.Standard.CollectsPii);
        Assert.Equal("https://github.com/dhis2/dhis2-core", dhis2.Repositories.Single().Url);
        Assert.Equal("DPG", dhis2.Stage);
    }

    [Fact]
    public void No_contact_detail_reaches_a_listing()
    {
        var json = string.Join('\n', Catalogue.Select(l => JsonSerializer.Serialize(l, DpgMatchJson.Default.Listing)));
        Assert.DoesNotContain("@example.org", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Maintainer ", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_content_hash_changes_with_the_content_only()
    {
        var dhis2 = Catalogue.Single(l => l.Id == "dhis2");
        Assert.Equal(RegistryImporter.ContentHash(dhis2, []), RegistryImporter.ContentHash(dhis2 with { }, []));
        Assert.NotEqual(RegistryImporter.ContentHash(dhis2, []), RegistryImporter.ContentHash(dhis2 with { Description = "changed" }, []));
    }

    [Fact]
    public void Contacts_are_read_apart_from_the_listing()
    {
        var entry = RegistrySnapshot.FromDirectory(Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry")).Entries.Single(e => e.Slug == "dhis2");
        var parsed = RegistryCatalogReader.Parse(entry);
        var contact = Assert.Single(parsed.Contacts);
        Assert.Equal("contact+60cc5f71@example.org", contact.Email);
        Assert.Equal("owner", contact.Role);
    }

    [Fact]
    public void A_screening_file_without_its_nominee_is_refused_by_name()
    {
        var entries = RegistrySnapshot.FromDirectory(Path.Combine(TestStorage.RepoRoot(), "data", "dpg-registry")).Entries;
        var orphan = entries.Single(e => e.Slug == "yallakhedmeh");
        var parsed = RegistryCatalogReader.Parse(orphan);
        Assert.Null(parsed.Listing);
        Assert.Contains("digitalpublicgoods/yallakhedmeh.json", Assert.Single(parsed.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\": 12}", "/name")]
    [InlineData("{\"name\": \"X\", \"description\": \"d\", \"license\": [], \"organizations\": [], \"SDGs\": [], \"type\": [\"software\"], \"stage\": \"winner\"}", "/stage")]
    [InlineData("not json", "not valid JSON")]
    public void A_nominee_that_breaks_its_schema_is_refused_with_the_reason(string json, string reason)
    {
        var entry = new RegistryEntry("bad", "nominees/bad.json", System.Text.Encoding.UTF8.GetBytes(json), null, null);
        var parsed = RegistryCatalogReader.Parse(entry);
        Assert.Null(parsed.Listing);
        Assert.Contains(parsed.Problems, p => p.StartsWith("nominees/bad.json", StringComparison.Ordinal) && p.Contains(reason, StringComparison.Ordinal));
    }

    // The arguments are JSON values, written as they go into the file.
    private static byte[] Nominee(string name = "\"Test DPG\"", string description = "\"A test DPG.\"", string sdg = "4", string aliases = "[]") =>
        System.Text.Encoding.UTF8.GetBytes($$"""
            {"name":{{name}},"description":{{description}},"aliases":{{aliases}},"license":[{"spdx":"MIT","licenseURL":"https://example.org/license"}],
             "SDGs":[{"SDGNumber":{{sdg}},"evidenceText":"Teaches."}],"type":["software"],"organizations":[{"name":"Test Org","org_type":"owner"}],"stage":"nominee"}
            """);

    private static ParsedEntry ParseNominee(byte[] nominee) => RegistryCatalogReader.Parse(new RegistryEntry("test", "nominees/test.json", nominee, null, null));

    /// <summary>Found by fuzzing: the schema let 8.0 through as SDG 8, and reading it as an integer threw, failing the whole import.</summary>
    [Theory]
    [InlineData("8.0")]
    [InlineData("80e-1")]
    [InlineData("0.8e1")]
    public void An_SDG_number_with_a_fraction_or_an_exponent_is_read_as_that_SDG(string written)
    {
        var parsed = ParseNominee(Nominee(sdg: written));
        Assert.Empty(parsed.Problems);
        Assert.Equal([8], parsed.Listing!.Sdgs.Select(s => s.Number));
    }

    /// <summary>
    /// Found by fuzzing: the schema sets no limits, and a file with a 400,000-character name failed the whole
    /// import, while one with a 10,001-character description or a control character was stored and then made
    /// every read of the catalogue throw, since listings are read back under the input policy.
    /// </summary>
    [Theory]
    [InlineData("name", 400_000, "Is longer than any field allows.")]
    [InlineData("description", 10_001, "Is longer than any field allows.")]
    [InlineData("description", -1, "Must not contain control characters.")]
    [InlineData("name", -2, "Is not valid Unicode text.")]
    [InlineData("aliases", -3, "characters of JSON")]
    public void A_nominee_that_breaks_the_input_policy_or_would_not_fit_in_storage_is_refused(string field, int length, string reason)
    {
        var value = length switch
        {
            -1 => "\"A bell \\u0007 in the text\"",
            -2 => "\"A noncharacter \\ufffe in the name\"",
            -3 => "[" + string.Join(',', Enumerable.Range(0, 30).Select(i => $"\"{i}{new string('a', 9_000)}\"")) + "]",
            _ => $"\"{new string('x', length)}\"",
        };
        var nominee = field switch
        {
            "name" => Nominee(name: value),
            "description" => Nominee(description: value),
            _ => Nominee(aliases: value),
        };

        var parsed = ParseNominee(nominee);

        Assert.Null(parsed.Listing);
        Assert.Contains(parsed.Problems, p => p.StartsWith("nominees/test.json", StringComparison.Ordinal) && p.Contains(reason, StringComparison.Ordinal));
    }

    /// <summary>Found by fuzzing: the schema validator reads the numbers of a unique-items array as decimals, and threw on 1e309.</summary>
    [Fact]
    public void A_nominee_with_a_number_beyond_reading_is_refused()
    {
        var parsed = ParseNominee(Nominee(aliases: "[1e309, 2]"));
        Assert.Null(parsed.Listing);
        Assert.Contains("/aliases/0: Is a number out of the range", Assert.Single(parsed.Problems), StringComparison.Ordinal);
    }

    /// <summary>Found by fuzzing: the schema validator reads every name, and threw on one that does not decode.</summary>
    [Fact]
    public void A_nominee_with_a_name_or_bytes_that_do_not_decode_is_refused()
    {
        var loneSurrogate = System.Text.Encoding.UTF8.GetBytes("""{"\ud800":1,"name":"X"}""");
        byte[] notUtf8 = [.. "{\"name\":\""u8, 0xC0, 0x80, .. "\"}"u8];

        Assert.Contains("Is not valid Unicode text.", Assert.Single(ParseNominee(loneSurrogate).Problems), StringComparison.Ordinal);
        Assert.Contains("not UTF-8", Assert.Single(ParseNominee(notUtf8).Problems), StringComparison.Ordinal);
    }
}
