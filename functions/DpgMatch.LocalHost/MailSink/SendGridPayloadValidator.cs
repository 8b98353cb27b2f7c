using System.Net.Mail;
using System.Text.Json;

namespace DpgMatch.LocalHost.MailSink;

public sealed record SendGridError(string Message, string? Field);

/// <summary>
/// The checks SendGrid's v3 Mail Send API makes before it answers 202, so a payload the sink accepts is one
/// SendGrid would accept too.
/// </summary>
public static class SendGridPayloadValidator
{
    public const int MaxPersonalizations = 1000;
    public const int MaxRecipients = 1000;
    public const int MaxCategories = 10;
    public const long MaxPayloadBytes = 30L * 1024 * 1024;

    public static IReadOnlyList<SendGridError> Validate(ReadOnlySpan<byte> body)
    {
        var errors = new List<SendGridError>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            return [new SendGridError("Bad Request", null)];
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return [new SendGridError("Bad Request", null)];
            }

            var hasTemplate = root.TryGetProperty("template_id", out var template) && template.ValueKind == JsonValueKind.String;
            ValidatePersonalizations(root, errors, out var everyPersonalizationHasSubject);
            ValidateFrom(root, errors);

            var hasSubject = root.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.String && subject.GetString()!.Length > 0;
            if (!hasSubject && !everyPersonalizationHasSubject && !hasTemplate)
            {
                errors.Add(new SendGridError("The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.", "subject"));
            }

            ValidateContent(root, hasTemplate, errors);
            ValidateCategories(root, errors);
            ValidateCustomArgs(root, errors);
        }

        return errors;
    }

    private static void ValidatePersonalizations(JsonElement root, List<SendGridError> errors, out bool everyHasSubject)
    {
        everyHasSubject = false;
        if (!root.TryGetProperty("personalizations", out var personalizations) || personalizations.ValueKind != JsonValueKind.Array
            || personalizations.GetArrayLength() == 0)
        {
            errors.Add(new SendGridError("The personalizations field is required and must have at least one personalization.", "personalizations"));
            return;
        }

        if (personalizations.GetArrayLength() > MaxPersonalizations)
        {
            errors.Add(new SendGridError($"The personalizations field may have at most {MaxPersonalizations} personalizations.", "personalizations"));
        }

        everyHasSubject = true;
        var recipients = 0;
        var index = 0;
        foreach (var p in personalizations.EnumerateArray())
        {
            var field = $"personalizations.{index}";
            if (p.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new SendGridError("Each personalization must be an object.", field));
                everyHasSubject = false;
                index++;
                continue;
            }

            if (!p.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Array || to.GetArrayLength() == 0)
            {
                errors.Add(new SendGridError("The to array is required for all personalization objects, and must have at least one email object with a valid email address.", $"{field}.to"));
            }

            foreach (var kind in new[] { "to", "cc", "bcc" })
            {
                if (p.TryGetProperty(kind, out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    var i = 0;
                    foreach (var address in list.EnumerateArray())
                    {
                        recipients++;
                        if (!IsEmailObject(address))
                        {
                            errors.Add(new SendGridError("Does not contain a valid address.", $"{field}.{kind}.{i}.email"));
                        }

                        i++;
                    }
                }
            }

            if (!p.TryGetProperty("subject", out var s) || s.ValueKind != JsonValueKind.String || s.GetString()!.Length == 0)
            {
                everyHasSubject = false;
            }

            index++;
        }

        if (recipients > MaxRecipients)
        {
            errors.Add(new SendGridError($"The total number of recipients must be no more than {MaxRecipients}.", "personalizations"));
        }
    }

    private static void ValidateFrom(JsonElement root, List<SendGridError> errors)
    {
        if (!root.TryGetProperty("from", out var from) || !IsEmailObject(from))
        {
            errors.Add(new SendGridError("The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.", "from.email"));
        }
    }

    private static void ValidateContent(JsonElement root, bool hasTemplate, List<SendGridError> errors)
    {
        if (!root.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() == 0)
        {
            if (!hasTemplate)
            {
                errors.Add(new SendGridError("Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.", "content"));
            }

            return;
        }

        var i = 0;
        foreach (var block in content.EnumerateArray())
        {
            var type = block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var value = block.ValueKind == JsonValueKind.Object && block.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (string.IsNullOrEmpty(type))
            {
                errors.Add(new SendGridError("The content type is required.", $"content.{i}.type"));
            }

            if (string.IsNullOrEmpty(value))
            {
                errors.Add(new SendGridError("The content value must be a string at least one character in length.", $"content.{i}.value"));
            }

            if (i > 0 && string.Equals(type, "text/plain", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new SendGridError("If present, text/plain content must be first, followed by text/html.", $"content.{i}.type"));
            }

            i++;
        }
    }

    private static void ValidateCategories(JsonElement root, List<SendGridError> errors)
    {
        if (!root.TryGetProperty("categories", out var categories))
        {
            return;
        }

        if (categories.ValueKind != JsonValueKind.Array || categories.GetArrayLength() > MaxCategories
            || categories.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String || c.GetString()!.Length > 255))
        {
            errors.Add(new SendGridError($"Categories must be at most {MaxCategories} strings of at most 255 characters.", "categories"));
        }
    }

    private static void ValidateCustomArgs(JsonElement root, List<SendGridError> errors)
    {
        if (root.TryGetProperty("custom_args", out var args)
            && (args.ValueKind != JsonValueKind.Object || args.EnumerateObject().Any(a => a.Value.ValueKind != JsonValueKind.String)))
        {
            errors.Add(new SendGridError("Custom args must be an object whose values are strings.", "custom_args"));
        }
    }

    private static bool IsEmailObject(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("email", out var email)
        && email.ValueKind == JsonValueKind.String
        && MailAddress.TryCreate(email.GetString(), out var parsed)
        && string.Equals(parsed.Address, email.GetString(), StringComparison.Ordinal);
}
