using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DpgMatch.Core.Validation;

namespace DpgMatch.Core.Listings;

/// <summary>A listing as a maintainer writes it. Its id comes from its name, never from the body.</summary>
public sealed record ListingInput(
    string? Name,
    IReadOnlyList<string>? Aliases,
    string? Description,
    string? Website,
    IReadOnlyList<string>? Licenses,
    IReadOnlyList<SdgEvidence>? Sdgs,
    IReadOnlyList<string>? Sectors,
    IReadOnlyList<string>? Types,
    IReadOnlyList<ListingRepository>? Repositories,
    IReadOnlyList<string>? DevelopmentCountries,
    IReadOnlyList<string>? DeploymentCountries);

public static partial class ListingValidator
{
    public static readonly IReadOnlyList<string> KnownTypes = ["software", "content", "data", "aimodel", "standard"];

    public static ValidationErrors Validate(ListingInput input)
    {
        var errors = new ValidationErrors();
        errors.RequireText("name", input.Name, 200);
        if (input.Name is not null && Slug(input.Name).Length == 0)
        {
            errors.Add("name", "Must contain letters or digits.");
        }

        errors.RequireText("description", input.Description, 5000);
        if (input.Description is { Length: > 0 } d && d.Trim().Length < 20)
        {
            errors.Add("description", "Must describe the DPG in at least 20 characters.");
        }

        OptionalUrl(errors, "website", input.Website);
        List(errors, "aliases", input.Aliases, 20, 100);
        List(errors, "sectors", input.Sectors, 20, 100);
        List(errors, "developmentCountries", input.DevelopmentCountries, 250, 100);
        List(errors, "deploymentCountries", input.DeploymentCountries, 250, 100);
        List(errors, "licenses", input.Licenses, 10, 64);
        for (var i = 0; i < (input.Licenses?.Count ?? 0); i++)
        {
            if (!SpdxId().IsMatch(input.Licenses![i]))
            {
                errors.Add($"licenses[{i}]", "Must be an SPDX licence identifier such as 'MIT' or 'Apache-2.0'.");
            }
        }

        if (input.Types is not { Count: > 0 })
        {
            errors.Add("types", $"At least one of: {string.Join(", ", KnownTypes)}.");
        }
        else
        {
            List(errors, "types", input.Types, KnownTypes.Count, 20);
            for (var i = 0; i < input.Types.Count; i++)
            {
                if (!KnownTypes.Contains(input.Types[i]))
                {
                    errors.Add($"types[{i}]", $"Must be one of: {string.Join(", ", KnownTypes)}.");
                }
            }
        }

        if (input.Sdgs is { } sdgs)
        {
            if (sdgs.Count > 17 || sdgs.Select(s => s.Number).Distinct().Count() != sdgs.Count)
            {
                errors.Add("sdgs", "At most 17 SDGs, each once.");
            }

            for (var i = 0; i < sdgs.Count; i++)
            {
                if (sdgs[i] is null)
                {
                    errors.Add($"sdgs[{i}]", "Must be an object.");
                    continue;
                }

                if (sdgs[i].Number is < 1 or > 17)
                {
                    errors.Add($"sdgs[{i}].number", "Must be a number from 1 to 17.");
                }

                errors.OptionalText($"sdgs[{i}].evidence", sdgs[i].Evidence, 2000);
            }
        }

        if (input.Repositories is { } repositories)
        {
            if (repositories.Count > 20)
            {
                errors.Add("repositories", "At most 20 repositories.");
            }

            for (var i = 0; i < repositories.Count; i++)
            {
                if (repositories[i] is null)
                {
                    errors.Add($"repositories[{i}]", "Must be an object.");
                    continue;
                }

                errors.OptionalText($"repositories[{i}].name", repositories[i].Name, 100);
                if (repositories[i].Url is null)
                {
                    errors.Add($"repositories[{i}].url", "Is required.");
                }
                else
                {
                    OptionalUrl(errors, $"repositories[{i}].url", repositories[i].Url);
                }
            }
        }

        return errors;
    }

    /// <summary>The listing id a name gives: lower-case ASCII letters and digits joined by hyphens.</summary>
    public static string Slug(string name)
    {
        var folded = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            folded.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var slug = HyphenRuns().Replace(folded.ToString(), "-").Trim('-');
        return slug.Length <= 80 ? slug : slug[..80].TrimEnd('-');
    }

    private static void OptionalUrl(ValidationErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > 500 || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add(field, "Must be an http or https address of at most 500 characters.");
        }
    }

    private static void List(ValidationErrors errors, string field, IReadOnlyList<string>? values, int maxCount, int maxLength)
    {
        if (values is null)
        {
            return;
        }

        if (values.Count > maxCount)
        {
            errors.Add(field, $"At most {maxCount} entries.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                errors.Add($"{field}[{i}]", "Must not be empty.");
            }
            else
            {
                errors.OptionalText($"{field}[{i}]", values[i], maxLength);
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.+-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SpdxId();

    [GeneratedRegex("-{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex HyphenRuns();
}
