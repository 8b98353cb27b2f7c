using System.Globalization;
using System.Net;
using System.Text;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Needs;

namespace DpgMatch.Core.Notifications;

/// <summary>
/// Writes the emails, in plain text and HTML, in the recipient's language. All user text is HTML-encoded in the
/// HTML part, and subjects are one line, so a need's title can neither inject markup nor add mail headers.
/// </summary>
public static class DigestComposer
{
    public static (string Subject, string Text, string Html) Compose(
        Need need, IReadOnlyList<Match> matches, string publicBaseUrl, string unsubscribeUrl, string? language = null)
    {
        var t = EmailTexts.For(language ?? need.Language);
        var title = SingleLine(need.Title);
        var subject = Cap(matches.Count == 0
            ? EmailTexts.Format(t.NoMatchesSubject, title)
            : EmailTexts.Format(t.DigestSubject, matches.Count, title));

        var link = $"{publicBaseUrl.TrimEnd('/')}/api/needs/{need.Id}/matches";
        var text = new StringBuilder();
        var html = new StringBuilder();
        text.Append(EmailTexts.Format(t.DigestIntro, title)).Append("\n\n");
        html.Append("<p>").Append(Encode(EmailTexts.Format(t.DigestIntro, title))).Append("</p>\n<ol>\n");

        foreach (var match in matches.OrderBy(m => m.Rank))
        {
            var reasons = string.Join("; ", match.Reasons.Select(r => r.Text));
            text.Append(CultureInfo.InvariantCulture, $"{match.Rank}. {match.ListingName} ({t.Score} {match.Score:0.00})\n   {reasons}\n");
            html.Append(CultureInfo.InvariantCulture, $"<li><strong>{Encode(match.ListingName)}</strong> ({Encode(t.Score)} {match.Score:0.00})<br>{Encode(reasons)}</li>\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n{t.SeeAll}: {link}\n\n{t.UnsubscribeText}: {unsubscribeUrl}\n");
        html.Append(CultureInfo.InvariantCulture, $"</ol>\n<p><a href=\"{Encode(link)}\">{Encode(t.SeeAll)}</a></p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"font-size:small\"><a href=\"{Encode(unsubscribeUrl)}\">{Encode(t.Unsubscribe)}</a></p>\n");
        return (subject, text.ToString(), html.ToString());
    }

    /// <summary>"A need fits your DPG": the need's summary, and the buyer's contact only if the officer allowed it.</summary>
    public static (string Subject, string Text, string Html) ComposeFit(
        Need need, string listingName, IReadOnlyList<MatchReason> reasons, string unsubscribeUrl, string? language)
    {
        var t = EmailTexts.For(language);
        var title = SingleLine(need.Title);
        var subject = Cap(EmailTexts.Format(t.FitSubject, SingleLine(listingName), title));
        var summary = need.Description.Length > 600 ? need.Description[..600] + "…" : need.Description;
        var why = string.Join("; ", reasons.Select(r => r.Text));
        var contact = need.ShareContactWithMaintainers ? $"\n{t.BuyerContact}: {need.ContactEmail}" : "";

        var text = $"{EmailTexts.Format(t.FitIntro, listingName)}\n\n{title}\n{summary}\n\n{why}{contact}\n\n{t.UnsubscribeText}: {unsubscribeUrl}\n";
        var html = new StringBuilder()
            .Append("<p>").Append(Encode(EmailTexts.Format(t.FitIntro, listingName))).Append("</p>\n")
            .Append("<p><strong>").Append(Encode(title)).Append("</strong><br>").Append(Encode(summary)).Append("</p>\n")
            .Append("<p>").Append(Encode(why)).Append("</p>\n");
        if (need.ShareContactWithMaintainers)
        {
            html.Append("<p>").Append(Encode(t.BuyerContact)).Append(": ").Append(Encode(need.ContactEmail)).Append("</p>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p style=\"font-size:small\"><a href=\"{Encode(unsubscribeUrl)}\">{Encode(t.Unsubscribe)}</a></p>\n");
        return (subject, text, html.ToString());
    }

    /// <summary>The officer's alert: one listing, new or changed, that now fits their open need.</summary>
    public static (string Subject, string Text, string Html) ComposeAlert(
        Need need, Match match, string publicBaseUrl, string unsubscribeUrl)
    {
        var t = EmailTexts.For(need.Language);
        var title = SingleLine(need.Title);
        var subject = Cap(EmailTexts.Format(t.AlertSubject, title, SingleLine(match.ListingName)));
        var link = $"{publicBaseUrl.TrimEnd('/')}/api/needs/{need.Id}/matches";
        var why = string.Join("; ", match.Reasons.Select(r => r.Text));
        var intro = EmailTexts.Format(t.AlertIntro, title);

        var text = $"{intro}\n\n{match.ListingName}\n   {why}\n\n{t.SeeAll}: {link}\n\n{t.UnsubscribeText}: {unsubscribeUrl}\n";
        var html = new StringBuilder()
            .Append("<p>").Append(Encode(intro)).Append("</p>\n")
            .Append("<p><strong>").Append(Encode(match.ListingName)).Append("</strong><br>").Append(Encode(why)).Append("</p>\n")
            .Append(CultureInfo.InvariantCulture, $"<p><a href=\"{Encode(link)}\">{Encode(t.SeeAll)}</a></p>\n")
            .Append(CultureInfo.InvariantCulture, $"<p style=\"font-size:small\"><a href=\"{Encode(unsubscribeUrl)}\">{Encode(t.Unsubscribe)}</a></p>\n");
        return (subject, text, html.ToString());
    }

    /// <summary>A maintainer's daily digest: every need of the day that fits one of their DPGs, with the reasons.</summary>
    public static (string Subject, string Text, string Html) ComposeDaily(
        IReadOnlyList<(Need Need, Match Match)> fits, string day, string unsubscribeUrl, string? language)
    {
        var t = EmailTexts.For(language);
        var subject = Cap(EmailTexts.Format(t.DailySubject, fits.Count, day));
        var text = new StringBuilder().Append(EmailTexts.Format(t.DailyIntro, day)).Append("\n\n");
        var html = new StringBuilder().Append("<p>").Append(Encode(EmailTexts.Format(t.DailyIntro, day))).Append("</p>\n<ul>\n");
        foreach (var (need, match) in fits)
        {
            var title = SingleLine(need.Title);
            var why = string.Join("; ", match.Reasons.Select(r => r.Text));
            var contact = need.ShareContactWithMaintainers ? $" ({t.BuyerContact}: {need.ContactEmail})" : "";
            text.Append(CultureInfo.InvariantCulture, $"- {match.ListingName}: \"{title}\"{contact}\n  {why}\n");
            html.Append(CultureInfo.InvariantCulture, $"<li><strong>{Encode(match.ListingName)}</strong>: {Encode(title)}{Encode(contact)}<br>{Encode(why)}</li>\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n{t.UnsubscribeText}: {unsubscribeUrl}\n");
        html.Append(CultureInfo.InvariantCulture, $"</ul>\n<p style=\"font-size:small\"><a href=\"{Encode(unsubscribeUrl)}\">{Encode(t.Unsubscribe)}</a></p>\n");
        return (subject, text.ToString(), html.ToString());
    }

    private static string Cap(string subject) => subject.Length > 200 ? subject[..197] + "..." : subject;

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string SingleLine(string value) =>
        string.Join(' ', value.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
