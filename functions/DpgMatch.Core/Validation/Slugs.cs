using System.Text.RegularExpressions;

namespace DpgMatch.Core.Validation;

public static partial class Slugs
{
    public static bool IsValid(string? value) => value is not null && value.Length <= 120 && SlugPattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]+(?:[-_.][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
