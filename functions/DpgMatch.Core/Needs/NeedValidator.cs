using DpgMatch.Core.Validation;

namespace DpgMatch.Core.Needs;

public static class NeedValidator
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

        return errors;
    }
}
