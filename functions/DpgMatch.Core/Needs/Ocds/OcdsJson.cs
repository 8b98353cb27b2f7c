using System.Globalization;
using System.Text.Json;

namespace DpgMatch.Core.Needs.Ocds;

/// <summary>
/// Reads values the way publishers really write them: numbers where the schema says string, nulls, wrong types.
/// Every helper answers null rather than throwing, so one odd field never costs the whole document.
/// </summary>
internal static class OcdsJson
{
    public static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(name, out var value)
            && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : null;

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
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") parses but cannot become a .NET string; treat it as absent.
            return null;
        }
    }
}
