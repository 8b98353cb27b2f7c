using System.Globalization;
using System.Text.Json;
using DpgMatch.Core.Validation;

namespace DpgMatch.Core.Needs.Ocds;

/// <summary>
/// Reads values the way publishers really write them: numbers where the schema says string, nulls, wrong types.
/// Every helper answers null rather than throwing, so one odd field never costs the whole document.
/// </summary>
internal static class OcdsJson
{
    /// <summary>
    /// The property's value. Looked up by hand rather than with TryGetProperty, which throws for every name in an
    /// object as soon as one of its names is an escaped lone surrogate ("\ud800"); such a name is skipped instead.
    /// A repeated name gives its last value, as TryGetProperty does.
    /// </summary>
    public static JsonElement? Property(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } obj)
        {
            return null;
        }

        JsonElement? found = null;
        foreach (var property in obj.EnumerateObject())
        {
            if (NameIs(property, name))
            {
                found = property.Value;
            }
        }

        return found is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } ? found : null;
    }

    public static bool NameIs(JsonProperty property, string name)
    {
        try
        {
            return property.NameEquals(name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static JsonElement? Object(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    public static IEnumerable<JsonElement> Array(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray() : [];

    /// <summary>A string, or a number as invariant text: ids such as <c>"id": 33301</c> are common in the wild.</summary>
    public static string? Text(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.String } value => SafeString(value),
        { ValueKind: JsonValueKind.Number } value => NumberText(value),
        _ => null,
    };

    public static string? Text(JsonElement? element, string name) => Text(Property(element, name));

    /// <summary>Trimmed text, or null when there is none: publishers pad fixed-width columns and send "" for unknown.</summary>
    public static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The value as written, kept so that a problem note can quote what could not be read.</summary>
    public static string? Raw(JsonElement? element) => element switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => SafeString(value),
        { } value => value.GetRawText(),
    };

    /// <summary>A JSON number or a numeric string ("1500.50"); amounts are strings in several publishers' data.</summary>
    public static decimal? Decimal(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.Number } value when value.TryGetDecimal(out var number) => number,
        { ValueKind: JsonValueKind.String } value => ParseDecimal(SafeString(value)),
        _ => null,
    };

    public static decimal? ParseDecimal(string? text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>Offsetless dates ("2017-08-18") are read as UTC, the only reading that does not depend on the server.</summary>
    public static DateTimeOffset? ParseDate(string? text) =>
        !string.IsNullOrWhiteSpace(text)
        && DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;

    private static string NumberText(JsonElement number) =>
        number.TryGetDecimal(out var value) ? value.ToString(CultureInfo.InvariantCulture) : number.GetRawText();

    private static string? SafeString(JsonElement value)
    {
        string? text;
        try
        {
            text = value.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") parses but cannot become a .NET string; treat it as absent.
            return null;
        }

        // Nor can text that normalisation refuses (U+FFFE) be matched later, since matching normalises every text.
        return text is null || SafeStringConverter.Normalized(text) is not null ? text : null;
    }
}
