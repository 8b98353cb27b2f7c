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
        Assert.Contains("FHIR", dhis2.Standards);
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
        Assert.Equal(CatalogImporter.ContentHash(dhis2), CatalogImporter.ContentHash(dhis2 with { }));
        Assert.NotEqual(CatalogImporter.ContentHash(dhis2), CatalogImporter.ContentHash(dhis2 with { Description = "changed" }));
    }
}
