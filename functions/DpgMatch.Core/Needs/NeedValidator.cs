using System.Text.RegularExpressions;
using DpgMatch.Core.Validation;

namespace DpgMatch.Core.Needs;

public static partial class NeedValidator
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 8000;
    public const int MaxConstraints = 25;
    public const int MaxConstraintLength = 300;

    public static ValidationErrors Validate(NeedInput input)
    {
        var errors = new ValidationErrors();
        errors.RequireText("title", input.Title, MaxTitle);
        if (input.Title is not null && (input.Title.Contains('\n', StringComparison.Ordinal) || input.Title.Contains('\r', StringComparison.Ordinal)))
        {
            errors.Add("title", "Must be a single line.");
        }

        errors.RequireText("description", input.Description, MaxDescription);
        if (input.Description is { Length: > 0 } d && d.Trim().Length < 20)
        {
            errors.Add("description", "Must say what is needed in at least 20 characters.");
        }

        errors.OptionalText("sector", input.Sector, 100);
        errors.OptionalText("country", input.Country, 100);
        errors.OptionalText("buyer", input.Buyer, 200);
        errors.RequireEmail("contactEmail", input.ContactEmail);

        if (input.Sdgs is { } sdgs)
        {
            if (sdgs.Any(s => s is < 1 or > 17))
            {
                errors.Add("sdgs", "Each SDG is a number from 1 to 17.");
            }

            if (sdgs.Distinct().Count() != sdgs.Count)
            {
                errors.Add("sdgs", "Must not repeat an SDG.");
            }
        }

        if (input.Constraints is { } constraints)
        {
            if (constraints.Count > MaxConstraints)
            {
                errors.Add("constraints", $"At most {MaxConstraints} constraints.");
            }

            for (var i = 0; i < constraints.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(constraints[i]))
                {
                    errors.Add($"constraints[{i}]", "Must not be empty.");
                }
                else
                {
                    errors.OptionalText($"constraints[{i}]", constraints[i], MaxConstraintLength);
                }
            }
        }

        if (input.Language is not null && !IsLanguageTag(input.Language))
        {
            errors.Add("language", "Must be a BCP 47 language tag such as 'en' or 'pt-BR'.");
        }

        ValidateRequirements(input.Requirements, errors);
        return errors;
    }

    public const int MaxLanguages = 10;
    public const decimal MaxBudget = 1_000_000_000_000m;

    public static void ValidateRequirements(NeedRequirements? requirements, ValidationErrors errors)
    {
        if (requirements is null)
        {
            return;
        }

        if (requirements.Languages is { } languages)
        {
            if (languages.Count > MaxLanguages)
            {
                errors.Add("requirements.languages", $"At most {MaxLanguages} languages.");
            }

            for (var i = 0; i < languages.Count; i++)
            {
                if (!IsLanguageTag(languages[i]))
                {
                    errors.Add($"requirements.languages[{i}]", "Must be a BCP 47 language tag such as 'en' or 'pt-BR'.");
                }
            }
        }

        errors.OptionalText("requirements.dataResidency", requirements.DataResidency, 100);
        if (requirements.Budget is { } budget)
        {
            if (budget.Amount is < 0 or > MaxBudget)
            {
                errors.Add("requirements.budget.amount", "Must be between 0 and 10^12.");
            }

            if (!IsCurrency(budget.Currency))
            {
                errors.Add("requirements.budget.currency", "Must be an ISO 4217 code such as 'USD' or 'KES'.");
            }
        }

        if (requirements.Types is { } types)
        {
            for (var i = 0; i < types.Count; i++)
            {
                if (!Listings.ListingValidator.KnownTypes.Contains(types[i]))
                {
                    errors.Add($"requirements.types[{i}]", $"Must be one of: {string.Join(", ", Listings.ListingValidator.KnownTypes)}.");
                }
            }
        }

        if (requirements.Deadline is { } deadline && (deadline.Year < 2000 || deadline.Year > 2100))
        {
            errors.Add("requirements.deadline", "Must be a date between 2000 and 2100.");
        }
    }

    public static bool IsLanguageTag(string? value) => value is { Length: <= 35 } && LanguageTag().IsMatch(value);

    public static bool IsCurrency(string? value) => value is { Length: 3 } && value.All(char.IsAsciiLetterUpper);

    [GeneratedRegex("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
