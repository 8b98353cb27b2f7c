using System.Globalization;
using System.Text;

namespace DpgMatch.Core.Matching;

/// <summary>
/// Lower-cases, folds accents, splits on anything that is not a letter or digit, drops English stop words
/// and applies a light plural stemmer. Deliberately simple so a reason such as "matches 'facility'" can be
/// traced back to the words an officer wrote.
/// </summary>
public static class TextAnalyzer
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "across", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
        "being", "both", "but", "by", "can", "could", "do", "does", "each", "either", "etc", "for", "from", "had",
        "has", "have", "how", "if", "in", "into", "is", "it", "its", "may", "more", "most", "must", "need", "needs",
        "no", "not", "of", "on", "one", "or", "other", "our", "over", "own", "per", "same", "shall", "should", "so",
        "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
        "through", "to", "too", "under", "up", "use", "used", "uses", "using", "very", "via", "was", "we", "well",
        "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "within", "would",
        "you", "your",
    };

    public static List<string> Tokenize(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        var folded = Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var isWordChar = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                Add(tokens, folded[start..i]);
                start = -1;
            }
        }

        return tokens;
    }

    public static string Stem(string token)
    {
        if (token.Length > 4 && token.EndsWith("ies", StringComparison.Ordinal))
        {
            return token[..^3] + "y";
        }

        if (token.EndsWith("sses", StringComparison.Ordinal))
        {
            return token[..^2];
        }

        if (token.Length > 3 && token[^1] == 's' && token[^2] is not ('s' or 'u' or 'i'))
        {
            return token[..^1];
        }

        return token;
    }

    private static void Add(List<string> tokens, string word)
    {
        if (word.Length < 2 || StopWords.Contains(word))
        {
            return;
        }

        tokens.Add(Stem(word));
    }

    private static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
