using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DpgMatch.Core.Validation;

/// <summary>
/// The input policy every string passes through, whatever the route: Unicode normalised to NFC (so the same
/// word always compares and hashes the same), control characters other than line breaks and tabs refused,
/// and no string longer than <see cref="MaxLength"/>, well inside Table storage's 32K-character property limit.
/// Fields have tighter caps of their own in their validators.
/// </summary>
public sealed class SafeStringConverter : JsonConverter<string>
{
    public const int MaxLength = 10_000;
    public const string ControlCharacterMessage = "Must not contain control characters.";
    public const string TooLongMessage = "Is longer than any field allows.";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("Expected a string.");
        }

        return Checked(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // Dictionary keys (such as a model manifest's metrics by evaluation set) are strings too, under the same policy.
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string Checked(string value)
    {
        if (value.Length > MaxLength)
        {
            throw new JsonException(TooLongMessage);
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            {
                throw new JsonException(ControlCharacterMessage);
            }
        }

        return value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
    }
}
