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
    public const string NotUnicodeMessage = "Is not valid Unicode text.";

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

    private static string Checked(string value) =>
        Problem(value) is { } problem ? throw new JsonException(problem) : Normalized(value)!;

    /// <summary>Why the text breaks the policy, or null when it keeps it; for input that is not read through this converter.</summary>
    public static string? Problem(string value)
    {
        if (value.Length > MaxLength)
        {
            return TooLongMessage;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            {
                return ControlCharacterMessage;
            }
        }

        return Normalized(value) is null ? NotUnicodeMessage : null;
    }

    /// <summary>
    /// Text from outside made to keep the policy, for what is stored without passing through this converter, such
    /// as a report quoting a file: control characters but line breaks and tabs become spaces, what normalisation
    /// would refuse becomes U+FFFD, and the text is cut to <paramref name="maxLength"/> characters.
    /// </summary>
    public static string Storable(string text, int maxLength)
    {
        var kept = new StringBuilder(Math.Min(text.Length, maxLength));
        for (var i = 0; i < text.Length && kept.Length < maxLength; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (kept.Length + 2 > maxLength)
                {
                    break;
                }

                kept.Append(c).Append(text[++i]);
            }
            else
            {
                kept.Append(c switch
                {
                    _ when char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' => '\uFFFD',
                    _ when char.IsControl(c) && c is not '\n' and not '\r' and not '\t' => ' ',
                    _ => c,
                });
            }
        }

        var storable = kept.ToString();

        // Should normalisation refuse something else still, plain ASCII it cannot refuse.
        return Normalized(storable) ?? string.Concat(storable.Select(c => char.IsAscii(c) ? c : '?'));
    }

    /// <summary>
    /// The text in NFC, or null when normalisation refuses it: text can decode and still hold code points it
    /// throws on, such as the noncharacter U+FFFE.
    /// </summary>
    public static string? Normalized(string value)
    {
        try
        {
            return value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
