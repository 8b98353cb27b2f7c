using System.Net.Mail;

namespace DpgMatch.Core.Validation;

/// <summary>Field errors keyed by the JSON field name, as RFC 9457 validation problems report them.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            list = [];
            errors[field] = list;
        }

        list.Add(message);
    }

    public void RequireText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Is required.");
        }
        else
        {
            OptionalText(field, value, maxLength);
        }
    }

    public void OptionalText(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > maxLength)
        {
            Add(field, $"Must be at most {maxLength} characters.");
        }

        if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            Add(field, "Must not contain control characters.");
        }
    }

    public void RequireEmail(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Is required.");
            return;
        }

        if (!IsEmail(value))
        {
            Add(field, "Must be an email address.");
        }
    }

    private static bool IsEmail(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > 254 || trimmed.Any(char.IsWhiteSpace) || trimmed.Contains(',', StringComparison.Ordinal))
        {
            return false;
        }

        // MailAddress accepts display-name forms such as "A <a@b>"; only a bare address is wanted here.
        return MailAddress.TryCreate(trimmed, out var address)
            && string.Equals(address.Address, trimmed, StringComparison.Ordinal)
            && address.Host.Contains('.', StringComparison.Ordinal);
    }
}
