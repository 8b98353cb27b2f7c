using System.Text.RegularExpressions;

namespace DpgMatch.Core.Needs.Ocds;

internal static partial class OcdsText
{
    private const string Ellipsis = "…";

    /// <summary>
    /// One line of text, or null when there is none. Titles and names arrive with newlines, tabs and the
    /// space padding of fixed-width columns, none of which should reach a title or a digest.
    /// </summary>
    public static string? Line(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : Whitespace().Replace(text, " ").Trim();

    /// <summary>
    /// At most <paramref name="max"/> characters, cut at a word boundary when one is near the end, with an
    /// ellipsis so that a reader can tell the text was shortened.
    /// </summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - Ellipsis.Length;
        for (var i = cut; i > max / 2; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return text[..i].TrimEnd() + Ellipsis;
            }
        }

        // No word boundary in the second half (a long code or a script without spaces): cut hard,
        // but never between the two halves of a surrogate pair.
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + Ellipsis;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
