using System.Globalization;
using System.Net;
using System.Text;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Needs;

namespace DpgMatch.Core.Notifications;

/// <summary>Writes the officer's digest of a need's top matches, in plain text and HTML.</summary>
public static class DigestComposer
{
    public static (string Subject, string Text, string Html) Compose(Need need, IReadOnlyList<Match> matches, string publicBaseUrl, string unsubscribeUrl)
    {
        var title = SingleLine(need.Title);
        var subject = matches.Count == 0
            ? $"No DPG matches yet for \"{title}\""
            : $"{matches.Count.ToString(CultureInfo.InvariantCulture)} DPG matches for \"{title}\"";
        if (subject.Length > 200)
        {
            subject = subject[..197] + "...";
        }

        var link = $"{publicBaseUrl.TrimEnd('/')}/api/needs/{need.Id}/matches";
        var text = new StringBuilder();
        var html = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Digital Public Goods that fit your need \"{title}\":\n\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>Digital Public Goods that fit your need <strong>{Encode(title)}</strong>:</p>\n<ol>\n");

        foreach (var match in matches.OrderBy(m => m.Rank))
        {
            var reasons = string.Join("; ", match.Reasons.Select(r => r.Text));
            text.Append(CultureInfo.InvariantCulture, $"{match.Rank}. {match.ListingName} (score {match.Score:0.00})\n   {reasons}\n");
            html.Append(CultureInfo.InvariantCulture, $"<li><strong>{Encode(match.ListingName)}</strong> (score {match.Score:0.00})<br>{Encode(reasons)}</li>\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nSee every match and its reasons: {link}\n\nNo more of these emails: {unsubscribeUrl}\n");
        html.Append(CultureInfo.InvariantCulture, $"</ol>\n<p><a href=\"{Encode(link)}\">See every match and its reasons</a></p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"font-size:small\"><a href=\"{Encode(unsubscribeUrl)}\">Unsubscribe</a> from these emails.</p>\n");
        return (subject, text.ToString(), html.ToString());
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string SingleLine(string value) =>
        string.Join(' ', value.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
