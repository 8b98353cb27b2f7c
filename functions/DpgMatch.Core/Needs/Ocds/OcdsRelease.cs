using System.Text.Json;
using static DpgMatch.Core.Needs.Ocds.OcdsJson;

namespace DpgMatch.Core.Needs.Ocds;

/// <summary>
/// The fields of one release that a tender needs, copied out of the JSON so that releases can be merged
/// after the document is disposed. Null always means "this release does not say".
/// </summary>
internal sealed record OcdsRelease
{
    /// <summary>For problem notes: "release", "compiled release" or, once merged, "releases".</summary>
    public required string Kind { get; init; }
    public int Count { get; init; } = 1;
    public DateTimeOffset? Date { get; init; }
    public bool HasTender { get; init; }
    public string? Language { get; init; }
    public string? BuyerId { get; init; }
    public string? BuyerName { get; init; }
    public string? BuyerCountry { get; init; }
    public IReadOnlyList<OcdsParty> Parties { get; init; } = [];
    public string? Title { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<OcdsItemEntry>? Items { get; init; }
    public string? Amount { get; init; }
    public string? Currency { get; init; }
    public string? TenderStart { get; init; }
    public string? TenderEnd { get; init; }
    public string? ProcuringEntityId { get; init; }
    public string? ProcuringEntityName { get; init; }
    public string? ProcuringEntityCountry { get; init; }

    public static OcdsRelease From(JsonElement release, string kind)
    {
        var buyer = Object(release, "buyer");
        var tender = Property(release, "tender") is { ValueKind: JsonValueKind.Object } t ? t : (JsonElement?)null;
        var value = Object(tender, "value");
        var period = Object(tender, "tenderPeriod");
        var procuringEntity = Object(tender, "procuringEntity");
        var items = Array(tender, "items").Select(OcdsItemEntry.From).OfType<OcdsItemEntry>().ToList();
        return new OcdsRelease
        {
            Kind = kind,
            Date = ParseDate(Text(release, "date")),
            HasTender = tender is not null,
            Language = NonBlank(Text(release, "language")),
            BuyerId = NonBlank(Text(buyer, "id")),
            BuyerName = OcdsText.Line(Text(buyer, "name")),
            // OCDS 1.0 has no parties: the buyer and procuring entity carry their own address.
            BuyerCountry = NonBlank(Text(Object(buyer, "address"), "countryName")),
            Parties = Array(release, "parties").Select(OcdsParty.From).OfType<OcdsParty>().ToList(),
            Title = OcdsText.Line(Text(tender, "title")),
            Description = NonBlank(Text(tender, "description")),
            Items = items.Count > 0 ? items : null,
            Amount = NonBlank(Raw(Property(value, "amount"))),
            Currency = NonBlank(Text(value, "currency")),
            TenderStart = NonBlank(Raw(Property(period, "startDate"))),
            TenderEnd = NonBlank(Raw(Property(period, "endDate"))),
            ProcuringEntityId = NonBlank(Text(procuringEntity, "id")),
            ProcuringEntityName = OcdsText.Line(Text(procuringEntity, "name")),
            ProcuringEntityCountry = NonBlank(Text(Object(procuringEntity, "address"), "countryName")),
        };
    }

    /// <summary>
    /// Field-level merge in the spirit of OCDS's own merge: what the later release says wins, what it leaves out
    /// is kept. Blank strings count as "not said", because publishers send "" for unknown values.
    /// </summary>
    public OcdsRelease MergeWith(OcdsRelease later) => new()
    {
        Kind = "releases",
        Count = Count + later.Count,
        Date = later.Date ?? Date,
        HasTender = HasTender || later.HasTender,
        Language = later.Language ?? Language,
        BuyerId = later.BuyerId ?? BuyerId,
        BuyerName = later.BuyerName ?? BuyerName,
        BuyerCountry = later.BuyerCountry ?? BuyerCountry,
        Parties = MergeById(Parties, later.Parties, p => p.Id),
        Title = later.Title ?? Title,
        Description = later.Description ?? Description,
        Items = MergeItems(Items, later.Items),
        Amount = later.Amount ?? Amount,
        Currency = later.Currency ?? Currency,
        TenderStart = later.TenderStart ?? TenderStart,
        TenderEnd = later.TenderEnd ?? TenderEnd,
        ProcuringEntityId = later.ProcuringEntityId ?? ProcuringEntityId,
        ProcuringEntityName = later.ProcuringEntityName ?? ProcuringEntityName,
        ProcuringEntityCountry = later.ProcuringEntityCountry ?? ProcuringEntityCountry,
    };

    // OCDS merges arrays of objects by id; a later list with an item lacking an id cannot be matched up, so,
    // as OCDS does for arrays without ids, it replaces the earlier list.
    private static IReadOnlyList<OcdsItemEntry>? MergeItems(IReadOnlyList<OcdsItemEntry>? earlier, IReadOnlyList<OcdsItemEntry>? later)
    {
        if (earlier is null || later is null)
        {
            return later ?? earlier;
        }

        return later.Any(i => i.Id is null) ? later : MergeById(earlier, later, i => i.Id);
    }

    private static List<T> MergeById<T>(IReadOnlyList<T> earlier, IReadOnlyList<T> later, Func<T, string?> id)
    {
        var merged = earlier.ToList();
        foreach (var entry in later)
        {
            var index = id(entry) is { } key ? merged.FindIndex(e => string.Equals(id(e), key, StringComparison.Ordinal)) : -1;
            if (index >= 0)
            {
                merged[index] = entry;
            }
            else
            {
                merged.Add(entry);
            }
        }

        return merged;
    }
}

internal sealed record OcdsParty(string? Id, string? Name, IReadOnlyList<string> Roles, string? Country)
{
    public static OcdsParty? From(JsonElement party) =>
        party.ValueKind != JsonValueKind.Object
            ? null
            : new OcdsParty(
                NonBlank(Text(party, "id")),
                OcdsText.Line(Text(party, "name")),
                Array(party, "roles").Select(r => NonBlank(Text(r))).OfType<string>().ToList(),
                NonBlank(Text(Object(party, "address"), "countryName")));

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.OrdinalIgnoreCase);
}

/// <summary>An item with the id it had in its release, which is what merging matches on.</summary>
internal sealed record OcdsItemEntry(string? Id, OcdsItem Item)
{
    public static OcdsItemEntry? From(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var classifications = new List<OcdsClassification>();
        foreach (var classification in Array(item, "additionalClassifications").Prepend(Property(item, "classification") ?? default))
        {
            if (ReadClassification(classification) is { } read
                && !classifications.Exists(c => c.Scheme == read.Scheme && c.Id == read.Id))
            {
                classifications.Add(read);
            }
        }

        var description = OcdsText.Line(Text(item, "description"));
        // An item with neither words nor codes tells a matcher nothing.
        if (description is null && classifications.Count == 0)
        {
            return null;
        }

        var parsed = new OcdsItem(
            description,
            classifications,
            OcdsJson.Decimal(Property(item, "quantity")),
            OcdsText.Line(Text(Object(item, "unit"), "name")));
        return new OcdsItemEntry(NonBlank(Text(item, "id")), parsed);
    }

    // Scheme and id stay as published (only padding is trimmed): "CPV", "UNSPSC" or a publisher's own catalogue.
    // A code without a scheme is kept with an empty scheme, since the code alone can still be recognised.
    private static OcdsClassification? ReadClassification(JsonElement classification) =>
        NonBlank(Text(classification, "id")) is { } id
            ? new OcdsClassification(NonBlank(Text(classification, "scheme")) ?? "", id, OcdsText.Line(Text(classification, "description")))
            : null;
}
