using System.Text;
using System.Text.Json;
using DpgMatch.Core.Needs.Ocds;

namespace DpgMatch.Tests.Unit;

public sealed class OcdsReaderTests
{
    private const string Armenia = "armenia-mincult-accounting-software.release-package.json";
    private const string Gacm = "mexico-gacm-93-oracle-grp-implementation.release-package.json";
    private const string Inai = "mexico-inai-pc-0013-interactive-guide-software.release-package.json";
    private const string Jalisco = "mexico-jalisco-sfin-03-0007-2017-software-licences.record-package.json";
    private const string Paraguay = "paraguay-dncp-277004-it-equipment.record-package.json";
    private const string Uganda = "uganda-ura-efd-einvoicing-and-dr-support.release-package.json";

    private static OcdsReadResult ReadFixture(string name) =>
        OcdsReader.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ocds", name)));

    private static OcdsTender Single(string json)
    {
        var result = OcdsReader.Read(json);
        Assert.Empty(result.Problems);
        return Assert.Single(result.Tenders);
    }

    [Theory]
    [InlineData(Armenia, 3)]
    [InlineData(Gacm, 1)]
    [InlineData(Inai, 1)]
    [InlineData(Jalisco, 1)]
    [InlineData(Paraguay, 1)]
    [InlineData(Uganda, 2)]
    public void Every_fixture_yields_its_tenders_without_problems(string file, int tenders)
    {
        var result = ReadFixture(file);

        Assert.Empty(result.Problems);
        Assert.Equal(tenders, result.Tenders.Count);
        Assert.All(result.Tenders, t =>
        {
            Assert.InRange(t.Title.Length, 1, OcdsReader.MaxTitleLength);
            Assert.DoesNotContain('\n', t.Title);
            Assert.NotEmpty(t.Description);
            Assert.NotEmpty(t.Items);
        });
    }

    [Fact]
    public void The_Armenian_release_package_gives_one_tender_per_ocid_with_its_CPV_codes()
    {
        var tenders = ReadFixture(Armenia).Tenders;

        Assert.Equal(
            ["AM-PPS-a14a8be9fc2061b9b17d639ba59c2434", "AM-PPS-6de043afeb30d699d6302a7e536b1270", "AM-PPS-5a536f62f7a3f33031dae6e2c6c25b25"],
            tenders.Select(t => t.Ocid));
        var first = tenders[0];
        Assert.Equal("ՀՀ մշակույթի նախարարութփյան կարիքների համար հաշվապահական համակարգչային ծրագրային փաթեթների մշակման ծառայությունների ձեռքբերում", first.Title);
        Assert.Equal("The Ministry of culture of the RA", first.Buyer);
        Assert.Equal("AM", first.BuyerCountry);
        Assert.Equal(0.01m, first.Value);
        Assert.Equal("AMD", first.Currency);
        Assert.Equal(new DateTimeOffset(2016, 6, 30, 14, 42, 10, TimeSpan.FromHours(4)), first.TenderStart);
        Assert.Equal(new DateTimeOffset(2016, 6, 30, 13, 30, 0, TimeSpan.FromHours(4)), first.TenderEnd);
        Assert.Equal("hy", first.Language);
        var item = Assert.Single(first.Items);
        Assert.Equal("Programming services of systems and user software", item.Description);
        Assert.Equal(1m, item.Quantity);
        Assert.Equal("dram", item.Unit);
        Assert.Equal(
            [new OcdsClassification("CPV", "72211000-7", "Programming services of systems and user software"),
             new OcdsClassification("CPV-AM", "72211174/1", "hashvapahakan hamakargchayin cragrayin patetneri mshakman carayvoutyvounner")],
            item.Classifications);
    }

    [Fact]
    public void The_Ugandan_planning_releases_match_a_numeric_buyer_id_to_its_party()
    {
        var tenders = ReadFixture(Uganda).Tenders;

        Assert.Equal(["ocds-rdvc92-1508166404", "ocds-rdvc92-1508164460"], tenders.Select(t => t.Ocid));
        var efd = tenders[0];
        Assert.Equal("A Solution to Manage Electronic Fiscal Device and E-Invoicing - Retender", efd.Title);
        // The description is "" and the only item repeats the title, so the title stands alone.
        Assert.Equal(efd.Title, efd.Description);
        Assert.Equal("Uganda Revenue Authority", efd.Buyer);
        Assert.Equal("Uganda", efd.BuyerCountry);
        Assert.Equal(1_880_584_660m, efd.Value);
        Assert.Equal("UGX", efd.Currency);
        Assert.Null(efd.TenderStart);
        Assert.Null(efd.TenderEnd);
        Assert.Equal("en", efd.Language);
        var item = Assert.Single(efd.Items);
        Assert.Empty(item.Classifications);
        Assert.Null(item.Quantity);
        Assert.Null(item.Unit);
    }

    [Fact]
    public void The_INAI_release_keeps_a_numeric_CUCoP_code_and_finds_the_buyer_country_by_name()
    {
        var tender = Assert.Single(ReadFixture(Inai).Tenders);

        Assert.Equal("PC-0013", tender.Ocid);
        Assert.Equal("Servicio de informática para el desarrollo, diseño y producción de la modalidad interactiva de la Guía para Titulares de Datos Personales.", tender.Title);
        Assert.Equal("DGPAR", tender.Buyer);
        // buyer.id "CUA-440" matches no party; the party named DGPAR ("CUA-420") is the buyer.
        Assert.Equal("México", tender.BuyerCountry);
        Assert.Null(tender.Value);
        Assert.Null(tender.Currency);
        Assert.Equal(new DateTimeOffset(2017, 8, 18, 0, 0, 0, TimeSpan.Zero), tender.TenderStart);
        Assert.Equal(new DateTimeOffset(2017, 8, 24, 0, 0, 0, TimeSpan.Zero), tender.TenderEnd);
        Assert.Equal("es", tender.Language);
        var classification = Assert.Single(Assert.Single(tender.Items).Classifications);
        Assert.Equal(new OcdsClassification("CUCoP", "33301", "Servicios de desarrollo de aplicaciones informaticas"), classification);
    }

    [Fact]
    public void The_GACM_OCDS_1_0_release_takes_the_buyer_and_its_country_from_the_buyer_object()
    {
        var tender = Assert.Single(ReadFixture(Gacm).Tenders);

        Assert.Equal("93", tender.Ocid);
        Assert.Equal("Implementacion y Soporte Tecnico Relacionados con Licencias de Software", tender.Title);
        Assert.Equal("Grupo Aeroportuario de la Ciudad de Mexico, S.A. de C.V.", tender.Buyer);
        Assert.Equal("Mexico", tender.BuyerCountry);
        Assert.Equal(63_798_178m, tender.Value);
        Assert.Equal("MXN", tender.Currency);
        Assert.Null(tender.TenderStart);
        Assert.Null(tender.TenderEnd);
        Assert.Equal("es", tender.Language);
        Assert.Equal(11, tender.Items.Count);
        // The scheme holds a category description instead of a scheme name; it is kept as published.
        Assert.All(tender.Items, i => Assert.Equal(
            new OcdsClassification("SERVICIOS DE CONSULTORIA ADMINISTRATIVA, PROCESOS, TECNICA Y EN TECNOLOGIAS DE LA INFORMACION", "3330", null),
            Assert.Single(i.Classifications)));
        // The description is "": it is built from the title and the one distinct item description.
        Assert.Equal(
            "Implementacion y Soporte Tecnico Relacionados con Licencias de Software\nItems: Licenciamiento Oracle y servicios profecionales de implementacion para crear un sistema de planificacionde recursos gubernamentales GRP (por sus siglas en ingles, GOVERMENT RESOURCE PLANNING)",
            tender.Description);
    }

    [Fact]
    public void The_Jalisco_record_package_uses_the_compiled_release_because_its_releases_are_only_links()
    {
        var tender = Assert.Single(ReadFixture(Jalisco).Tenders);

        Assert.Equal("ocds-xs1qbl-SFIN-03-0007-00-2017", tender.Ocid);
        Assert.Equal("PAQUETES Y PROGRAMAS(SOFTWARE)", tender.Title);
        // "PARA LA DGTI" is shorter than the title, so the title and the item are added to it.
        Assert.StartsWith("PAQUETES Y PROGRAMAS(SOFTWARE)\nPARA LA DGTI\nItems: LICENCIAMIENTO DE USO DE SOFTWARE LICENCIAMIENTO DE CREATIVE CLOUD", tender.Description, StringComparison.Ordinal);
        Assert.Equal("SEPAF | SECRETARíA DE PLANEACIóN, ADMINISTRACIóN Y FINANZAS (SUB-FINANZAS)", tender.Buyer);
        Assert.Equal("México", tender.BuyerCountry);
        Assert.Equal(290_400m, tender.Value);
        Assert.Equal("MXN", tender.Currency);
        Assert.Null(tender.TenderStart);
        Assert.Equal("es", tender.Language);
        var item = Assert.Single(tender.Items);
        Assert.Equal("SERVICIO", item.Unit);
        Assert.Equal(1m, item.Quantity);
        // Padding from the publisher's fixed-width columns is trimmed; scheme and id are otherwise as given.
        Assert.Equal(
            [new OcdsClassification("FAM-GOB-JAL", "007-011", "PAQUETES Y PROGRAMAS(SOFTWARE)"),
             new OcdsClassification("GPO-GOB-JAL", "007", "EQUIPO DE COMPUTO, AUDIOVISUAL Y TELECOM")],
            item.Classifications);
    }

    [Fact]
    public void The_Paraguayan_record_package_gives_its_items_with_the_DNCP_catalogue_codes()
    {
        var tender = Assert.Single(ReadFixture(Paraguay).Tenders);

        Assert.Equal("ocds-03ad3f-277004", tender.Ocid);
        Assert.Equal("ADQUISICION DE EQUIPOS E INSUMOS INFORMATICOS", tender.Title);
        Assert.Equal("Municipalidad de Asunción", tender.Buyer);
        // OCDS 1.0 with no parties and no buyer address: the country is unknown rather than guessed.
        Assert.Null(tender.BuyerCountry);
        // "amount": null with a currency: the currency is kept, the value is not invented.
        Assert.Null(tender.Value);
        Assert.Equal("PYG", tender.Currency);
        Assert.Null(tender.TenderStart);
        Assert.Equal(new DateTimeOffset(2015, 5, 7, 9, 0, 0, TimeSpan.FromHours(-4)), tender.TenderEnd);
        Assert.Equal(TimeSpan.FromHours(-4), tender.TenderEnd!.Value.Offset);
        Assert.Equal("es", tender.Language);
        Assert.Equal(21, tender.Items.Count);
        var pcs = tender.Items[0];
        Assert.Equal("Computadoras personales (PC) de escritorio", pcs.Description);
        Assert.Equal(240m, pcs.Quantity);
        Assert.Equal("Unidad", pcs.Unit);
        var code = Assert.Single(pcs.Classifications);
        Assert.Equal("Catálogo de productos, bienes y servicios de la Dirección Nacional de Contrataciones Públicas del Paraguay", code.Scheme);
        Assert.Equal("43211508-001", code.Id);
        Assert.StartsWith("ADQUISICION DE EQUIPOS E INSUMOS INFORMATICOS\nItems: Computadoras personales (PC) de escritorio; Escaner; Impresora plotter;", tender.Description, StringComparison.Ordinal);
        // "Impresora laser color" is listed twice in the tender but once in the description.
        Assert.Single(tender.Description.Split("; "), s => s == "Impresora laser color");
    }

    [Fact]
    public void A_bare_release_becomes_a_tender()
    {
        var tender = Single("""
            {"ocid": "ocds-abc-1", "id": "1", "date": "2024-03-01T00:00:00Z", "tag": ["tender"], "language": "EN",
             "buyer": {"id": "GB-1", "name": "Ministry of Health"},
             "parties": [{"id": "GB-1", "name": "Ministry of Health", "roles": ["buyer"], "address": {"countryName": "United Kingdom"}}],
             "tender": {"title": "Hospital information system", "description": "An open-source hospital information system for ten district hospitals.",
                        "value": {"amount": 250000, "currency": "GBP"},
                        "tenderPeriod": {"startDate": "2024-03-01T09:00:00Z", "endDate": "2024-04-01"},
                        "items": [{"id": "1", "description": "HIS licences", "quantity": 10, "unit": {"name": "site"},
                                   "classification": {"scheme": "CPV", "id": "48180000-3", "description": "Medical software package"},
                                   "additionalClassifications": [{"scheme": "UNSPSC", "id": "43232610"}]}]}}
            """);

        Assert.Equal("ocds-abc-1", tender.Ocid);
        Assert.Equal("Hospital information system", tender.Title);
        Assert.Equal("An open-source hospital information system for ten district hospitals.", tender.Description);
        Assert.Equal("Ministry of Health", tender.Buyer);
        Assert.Equal("United Kingdom", tender.BuyerCountry);
        Assert.Equal(250_000m, tender.Value);
        Assert.Equal("GBP", tender.Currency);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero), tender.TenderStart);
        Assert.Equal(new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero), tender.TenderEnd);
        Assert.Equal("en", tender.Language);
        var item = Assert.Single(tender.Items);
        Assert.Equal(new OcdsItem("HIS licences", item.Classifications, 10m, "site"), item);
        Assert.Equal(
            [new OcdsClassification("CPV", "48180000-3", "Medical software package"), new OcdsClassification("UNSPSC", "43232610", null)],
            item.Classifications);
    }

    [Fact]
    public void A_bare_record_with_only_releases_merges_them_in_date_order()
    {
        var tender = Single("""
            {"ocid": "ocds-abc-2", "releases": [
              {"ocid": "ocds-abc-2", "id": "3", "date": "2024-03-01T00:00:00Z", "tag": ["tenderAmendment"],
               "tender": {"title": "Amended title", "tenderPeriod": {"endDate": "2024-05-01T00:00:00Z"}}},
              {"url": "https://example.org/releases/2.json", "date": "2024-02-01T00:00:00Z", "tag": ["award"]},
              {"ocid": "ocds-abc-2", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"], "language": "fr",
               "buyer": {"name": "Ville de Lyon"},
               "tender": {"title": "Original title", "description": "Un système de gestion des archives municipales, logiciel libre.",
                          "value": {"amount": "1500.50", "currency": "EUR"},
                          "tenderPeriod": {"startDate": "2024-01-01T00:00:00Z", "endDate": "2024-02-01T00:00:00Z"}}}]}
            """);

        Assert.Equal("ocds-abc-2", tender.Ocid);
        Assert.Equal("Amended title", tender.Title);
        Assert.Equal("Un système de gestion des archives municipales, logiciel libre.", tender.Description);
        Assert.Equal(1500.50m, tender.Value);
        Assert.Equal("EUR", tender.Currency);
        Assert.Equal("Ville de Lyon", tender.Buyer);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), tender.TenderStart);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), tender.TenderEnd);
        Assert.Equal("fr", tender.Language);
    }

    [Fact]
    public void Two_releases_of_the_same_ocid_in_a_package_merge_into_one_tender()
    {
        var result = OcdsReader.Read("""
            {"version": "1.1", "releases": [
              {"ocid": "ocds-abc-3", "id": "b", "date": "2024-02-01T00:00:00Z", "tag": ["tenderUpdate"],
               "tender": {"title": "Final title", "description": "A case management system for the courts, with training.",
                          "items": [{"id": "1", "description": "Case management software, updated", "classification": {"scheme": "CPV", "id": "48000000-8"}},
                                    {"id": "2", "description": "Training", "classification": {"scheme": "CPV", "id": "80500000-9"}}]}},
              {"ocid": "ocds-other", "id": "x", "date": "2024-01-15T00:00:00Z", "tag": ["planning"]},
              {"ocid": "ocds-abc-3", "id": "a", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],
               "buyer": {"id": "B1", "name": "Ministry of Justice"},
               "tender": {"title": "Draft title", "value": {"amount": 100, "currency": "USD"},
                          "items": [{"id": "1", "description": "Case management software"}, {"id": "3", "description": "Hosting"}]}}]}
            """);

        var tender = Assert.Single(result.Tenders);
        Assert.Equal("ocds-abc-3", tender.Ocid);
        Assert.Equal("Final title", tender.Title);
        Assert.Equal("Ministry of Justice", tender.Buyer);
        Assert.Equal(100m, tender.Value);
        Assert.Equal("USD", tender.Currency);
        // Items merge by id: item 1 is replaced by the later release, item 3 is kept, item 2 is added.
        Assert.Equal(["Case management software, updated", "Hosting", "Training"], tender.Items.Select(i => i.Description));
        Assert.Equal(["ocds-other: the release has no tender."], result.Problems);
    }

    [Fact]
    public void A_record_package_prefers_the_compiled_release()
    {
        var tender = Single("""
            {"records": [{"ocid": "ocds-abc-4",
              "releases": [{"ocid": "ocds-abc-4", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"], "tender": {"title": "From a release"}}],
              "compiledRelease": {"ocid": "ocds-abc-4", "id": "compiled", "date": "2024-01-01T00:00:00Z", "tag": ["compiled"], "tender": {"title": "From the compiled release"}}}]}
            """);

        Assert.Equal("From the compiled release", tender.Title);
    }

    [Fact]
    public void A_record_that_only_links_to_its_releases_is_reported_by_ocid()
    {
        var result = OcdsReader.Read("""
            {"records": [{"ocid": "ocds-abc-5", "releases": [{"url": "https://example.org/r/1.json", "date": "2024-01-01T00:00:00Z", "tag": ["tender"]}]}]}
            """);

        Assert.Empty(result.Tenders);
        var problem = Assert.Single(result.Problems);
        Assert.StartsWith("ocds-abc-5: the record only links to its releases", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_without_a_tender_gives_no_tenders_and_names_each_ocid()
    {
        var result = OcdsReader.Read("""
            {"releases": [
              {"ocid": "ocds-abc-6", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["planning"], "planning": {"rationale": "later"}},
              {"ocid": "ocds-abc-6", "id": "2", "date": "2024-02-01T00:00:00Z", "tag": ["planningUpdate"], "tender": null},
              {"ocid": "ocds-abc-7", "id": "3", "tag": ["award"], "awards": []},
              {"id": "4", "tag": ["tender"], "tender": {"title": "No ocid"}},
              "not a release"]}
            """);

        Assert.Empty(result.Tenders);
        Assert.Equal(
            ["Release 4 of the package has no ocid; skipped.",
             "Release 5 of the package is not an object; skipped.",
             "ocds-abc-6: none of its 2 releases has a tender.",
             "ocds-abc-7: the release has no tender."],
            result.Problems);
    }

    [Theory]
    [InlineData("[]", "array")]
    [InlineData("[{\"ocid\": \"ocds-abc-8\", \"tender\": {}}]", "array")]
    [InlineData("42", "number")]
    [InlineData("\"ocds\"", "string")]
    [InlineData("true", "boolean")]
    [InlineData("null", "null")]
    public void Input_that_is_not_an_object_gives_no_tenders_and_says_why(string json, string kind)
    {
        var result = OcdsReader.Read(json);

        Assert.Empty(result.Tenders);
        Assert.Equal($"The document is a JSON {kind}, not an object. The document is neither an OCDS package, a release nor a record.", Assert.Single(result.Problems));
    }

    [Theory]
    [InlineData("{}", "The document is neither an OCDS package, a release nor a record.")]
    [InlineData("{\"tender\": {\"title\": \"No ocid\"}}", "The document is neither an OCDS package, a release nor a record.")]
    [InlineData("{\"releases\": []}", "The release package contains no releases.")]
    [InlineData("{\"records\": []}", "The record package contains no records.")]
    [InlineData("{\"records\": {\"ocid\": \"x\"}}", "The record package's records are not a list. The document is neither an OCDS package, a release nor a record.")]
    [InlineData("{\"ocid\": \"ocds-abc-9\", \"releases\": []}", "ocds-abc-9: the record has neither a compiledRelease nor any releases.")]
    public void An_object_without_releases_or_records_gives_no_tenders_and_says_why(string json, string problem)
    {
        var result = OcdsReader.Read(json);

        Assert.Empty(result.Tenders);
        Assert.Equal(problem, Assert.Single(result.Problems));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("{\"releases\": [},")]
    public void Invalid_JSON_throws_a_JsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => OcdsReader.Read(json));
        Assert.ThrowsAny<JsonException>(() => OcdsReader.Read(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>Found by fuzzing: these bytes parse, but reading a name or the raw text of a value threw, a 500 for the route.</summary>
    [Fact]
    public void Bytes_that_are_not_UTF_8_throw_a_JsonException()
    {
        byte[] json = [.. "{\"records\":[{\"ocid\":\"ocds-x-1\",\"releases\":[{\""u8, 0xC0, 0x80, .. "\":1}]}]}"u8];
        Assert.ThrowsAny<JsonException>(() => OcdsReader.Read(json));
    }

    /// <summary>
    /// Found by fuzzing: one property name that is an escaped lone surrogate made every lookup in its object
    /// throw. The name is skipped like any unknown field; the document is valid JSON.
    /// </summary>
    [Fact]
    public void A_property_name_that_does_not_decode_is_skipped()
    {
        var release = """{"ocid":"ocds-x-1","\ud800":"x","tender":{"\udc00":1,"title":"Accounting software","description":"An accounting system for the ministry."}}""";
        var record = """{"records":[{"ocid":"ocds-x-2","releases":[{"\ud800":1,"tender":{"title":"Payroll"}}]}]}""";

        Assert.Equal("Accounting software", Single(release).Title);
        Assert.Equal("Payroll", Assert.Single(OcdsReader.Read(record).Tenders).Title);
    }

    /// <summary>Found by fuzzing: text that normalisation refuses (U+FFFE) was stored, and matching, which normalises, would throw on it.</summary>
    [Fact]
    public void Text_that_cannot_be_normalised_counts_as_absent()
    {
        var tender = Single("""{"ocid":"ocds-x-3","tender":{"title":"Accounting \ufffe software","description":"An accounting system for the ministry."}}""");
        Assert.Equal("An accounting system for the ministry.", tender.Title);
    }

    [Fact]
    public void Numbers_as_ids_become_invariant_strings()
    {
        var tender = Single("""
            {"ocid": 12345, "tag": ["tender"], "buyer": {"id": 7, "name": "Agency"},
             "parties": [{"id": "7", "name": "Agency", "roles": ["buyer"], "address": {"countryName": "Kenya"}}],
             "tender": {"title": "Numbers", "items": [{"id": 1, "description": "Thing", "quantity": "3",
               "classification": {"scheme": "UNSPSC", "id": 43232610},
               "additionalClassifications": [{"scheme": "local", "id": 4.50}, {"scheme": "local", "id": "4.50"}, {"scheme": "no id"}]}]}}
            """);

        Assert.Equal("12345", tender.Ocid);
        Assert.Equal("Kenya", tender.BuyerCountry);
        var item = Assert.Single(tender.Items);
        Assert.Equal(3m, item.Quantity);
        // 4.50 as a number and "4.50" as a string are the same code; a classification without an id is dropped.
        Assert.Equal([new OcdsClassification("UNSPSC", "43232610", null), new OcdsClassification("local", "4.50", null)], item.Classifications);
    }

    [Fact]
    public void Titles_are_single_line_and_capped_at_200_characters()
    {
        var words = string.Join(' ', Enumerable.Repeat("software", 60));
        var result = OcdsReader.Read($$$"""
            {"releases": [
              {"ocid": "ocds-t-1", "tag": ["tender"], "tender": {"title": "Line one\n\tline   two\r\n"}},
              {"ocid": "ocds-t-2", "tag": ["tender"], "tender": {"title": "{{{words}}}"}},
              {"ocid": "ocds-t-3", "tag": ["tender"], "tender": {"title": "{{{new string('x', 500)}}}"}}]}
            """);

        Assert.Empty(result.Problems);
        Assert.Equal("Line one line two", result.Tenders[0].Title);
        var long1 = result.Tenders[1].Title;
        Assert.True(long1.Length <= OcdsReader.MaxTitleLength, long1);
        Assert.EndsWith("software…", long1, StringComparison.Ordinal);
        Assert.Equal(new string('x', OcdsReader.MaxTitleLength - 1) + "…", result.Tenders[2].Title);
        // With no description, the one built from the title keeps the words the title lost to the cap.
        Assert.Equal(words, result.Tenders[1].Description);
    }

    [Fact]
    public void The_title_falls_back_to_the_first_item_then_the_description_then_the_ocid()
    {
        var longDescription = string.Join(' ', Enumerable.Repeat("archive", 50));
        var result = OcdsReader.Read($$$"""
            {"releases": [
              {"ocid": "ocds-f-1", "tag": ["tender"], "tender": {"title": "  ", "items": [{"classification": {"scheme": "CPV", "id": "48000000-8"}}, {"description": "Records\nsystem"}]}},
              {"ocid": "ocds-f-2", "tag": ["tender"], "tender": {"description": "{{{longDescription}}}"}},
              {"ocid": "ocds-f-3", "tag": ["tender"], "tender": {}}]}
            """);

        Assert.Empty(result.Problems);
        Assert.Equal("Records system", result.Tenders[0].Title);
        Assert.Equal("Records system", result.Tenders[0].Description);
        Assert.True(result.Tenders[1].Title.Length <= OcdsReader.MaxTitleLength);
        Assert.StartsWith("archive archive", result.Tenders[1].Title, StringComparison.Ordinal);
        Assert.EndsWith("archive…", result.Tenders[1].Title, StringComparison.Ordinal);
        Assert.Equal(longDescription, result.Tenders[1].Description);
        Assert.Equal("Tender ocds-f-3", result.Tenders[2].Title);
        Assert.Equal("Tender ocds-f-3", result.Tenders[2].Description);
    }

    [Fact]
    public void A_missing_description_is_built_from_the_title_and_items_and_capped()
    {
        var item = new string('y', 3000);
        var tender = Single("""
            {"ocid": "ocds-d-1", "tag": ["tender"], "tender": {"title": "Laptops", "items": [
              {"description": "Laptop"}, {"description": "laptops"}, {"description": "Docking station"}, {"description": "Laptop"}]}}
            """);
        var capped = Single($$$"""
            {"ocid": "ocds-d-2", "tag": ["tender"], "tender": {"title": "Big", "items": [
              {"description": "a {{{item}}}"}, {"description": "b {{{item}}}"}, {"description": "c {{{item}}}"}]}}
            """);

        Assert.Equal("Laptops\nItems: Laptop; Docking station", tender.Description);
        Assert.True(capped.Description.Length <= OcdsReader.MaxDescriptionLength);
        Assert.EndsWith("…", capped.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_buyer_falls_back_to_the_buyer_party_then_the_procuring_entity()
    {
        var result = OcdsReader.Read("""
            {"releases": [
              {"ocid": "ocds-b-1", "tag": ["tender"], "tender": {"title": "A"},
               "parties": [{"id": "S", "name": "Supplier", "roles": ["supplier"], "address": {"countryName": "Chile"}},
                           {"id": "P", "name": "Party buyer", "roles": ["Buyer"], "address": {"countryName": "Peru"}}]},
              {"ocid": "ocds-b-2", "tag": ["tender"], "tender": {"title": "B", "procuringEntity": {"id": "PE", "name": "Procurement office"}},
               "parties": [{"id": "PE", "name": "Procurement office", "roles": ["procuringEntity"], "address": {"countryName": "Ghana"}}]},
              {"ocid": "ocds-b-3", "tag": ["tender"], "tender": {"title": "C"},
               "parties": [{"id": "PE", "name": "Central agency", "roles": ["procuringEntity"], "address": {"countryName": "Nepal"}}]},
              {"ocid": "ocds-b-4", "tag": ["tender"], "tender": {"title": "D"}}]}
            """);

        (string?, string?)[] expected = [("Party buyer", "Peru"), ("Procurement office", "Ghana"), ("Central agency", "Nepal"), (null, null)];
        Assert.Empty(result.Problems);
        Assert.Equal(expected, result.Tenders.Select(t => (t.Buyer, t.BuyerCountry)));
    }

    [Fact]
    public void Unreadable_dates_and_amounts_are_left_out_with_a_problem()
    {
        var result = OcdsReader.Read("""
            {"ocid": "ocds-p-1", "tag": ["tender"], "tender": {"title": "Dates",
             "value": {"amount": "about a million", "currency": "USD"},
             "tenderPeriod": {"startDate": "soon", "endDate": 20240101}}}
            """);

        var tender = Assert.Single(result.Tenders);
        Assert.Null(tender.TenderStart);
        Assert.Null(tender.TenderEnd);
        Assert.Null(tender.Value);
        Assert.Equal("USD", tender.Currency);
        Assert.Equal(
            ["ocds-p-1: the tender value amount \"about a million\" is not a number; left out.",
             "ocds-p-1: the tender period start date \"soon\" is not a date; left out.",
             "ocds-p-1: the tender period end date \"20240101\" is not a date; left out."],
            result.Problems);
    }

    [Fact]
    public void Unexpected_shapes_never_throw()
    {
        var result = OcdsReader.Read("""
            {"releases": [
              {"ocid": "ocds-s-1", "tag": "tender", "date": 5, "language": 3, "buyer": ["x"], "parties": "none",
               "tender": {"title": 42, "description": ["x"], "items": {"id": 1}, "value": {"amount": {"x": 1}, "currency": 840},
                          "tenderPeriod": "2024", "procuringEntity": "office"}},
              {"ocid": "ocds-s-2", "tag": ["tender"], "parties": [null, 1, {"roles": "buyer"}],
               "tender": {"title": "Shapes", "items": [null, 1, "x", {"description": null, "classification": [], "additionalClassifications": {"id": 1}},
                          {"description": "Kept", "classification": {"scheme": null, "id": "C1"}, "additionalClassifications": [null, 5], "unit": "box", "quantity": true}]}},
              {"ocid": "ocds-s-3", "tender": "not an object"},
              {"ocid": "\ud800", "tag": ["tender"], "tender": {"title": "Lone surrogate"}}]}
            """);

        Assert.Equal(["ocds-s-1", "ocds-s-2"], result.Tenders.Select(t => t.Ocid));
        Assert.Equal("42", result.Tenders[0].Title);
        var kept = Assert.Single(result.Tenders[1].Items);
        Assert.Equal(new OcdsItem("Kept", kept.Classifications, null, null), kept);
        Assert.Equal(new OcdsClassification("", "C1", null), Assert.Single(kept.Classifications));
        Assert.Contains("ocds-s-3: the release has no tender.", result.Problems);
        Assert.Contains("Release 4 of the package has no ocid; skipped.", result.Problems);
    }

    [Fact]
    public void A_byte_order_mark_is_accepted()
    {
        const string json = """{"ocid": "ocds-bom-1", "tag": ["tender"], "tender": {"title": "BOM"}}""";

        Assert.Equal("BOM", Assert.Single(OcdsReader.Read([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(json)]).Tenders).Title);
        Assert.Equal("BOM", Assert.Single(OcdsReader.Read("\uFEFF" + json).Tenders).Title);
    }

    /// <summary>A need is one Table storage entity of at most 1 MiB: a tender's items are kept only while they fit.</summary>
    [Fact]
    public void A_need_keeps_the_items_that_fit_in_storage()
    {
        var classification = new OcdsClassification("CPV", "48443000", new string('c', 5_000));
        var items = Enumerable.Range(0, 200).Select(i => new OcdsItem(new string('d', 5_000), [classification, classification with { Id = $"{i}" }], 1, "seat")).ToList();
        var tender = new OcdsTender("ocds-x-4", "Accounting software", "An accounting system for the ministry.", items, null, null, null, null, null, null, null);

        var need = Core.Needs.NeedService.FromTender(new Core.Auth.Principal("p", Core.Auth.Role.Officer, "Org", []), tender, "o@example.org");
        var json = JsonSerializer.Serialize(need.Items, Core.Messaging.DpgMatchJson.Default.IReadOnlyListOcdsItem);

        Assert.InRange(json.Length, 1, Core.Needs.NeedService.MaxItemsJsonLength);
        Assert.InRange(need.Items.Count, 60, 199);
        Assert.All(need.Items, i => Assert.Equal(Core.Needs.NeedService.MaxItemTextLength, i.Description!.Length));
    }
}
