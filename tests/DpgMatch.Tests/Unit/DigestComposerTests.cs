using DpgMatch.Core.Matching;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Notifications;

namespace DpgMatch.Tests.Unit;

public sealed class DigestComposerTests
{
    private static readonly Need Need = new(
        "0123456789abcdef0123456789abcdef", "Org", "p", "<script>alert(1)</script> records\r\nBcc: x@example.org", "d", null, [], null, [], null,
        "o@example.org", NeedStatus.Matched, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    private static readonly Match[] Matches =
    [
        new(Need.Id, "dhis2", "DHIS2 <b>", 1, 0.91, "baseline-v1", [new MatchReason("sdg", "covers SDG 3", 0.15)], DateTimeOffset.UnixEpoch),
    ];

    [Fact]
    public void User_text_is_html_encoded_and_the_subject_is_one_line()
    {
        var (subject, text, html) = DigestComposer.Compose(Need, Matches, "https://dpgmatch.example.org/", "https://dpgmatch.example.org/api/unsubscribe?token=a.b");

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("DHIS2 &lt;b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', subject);
        Assert.DoesNotContain('\r', subject);
        Assert.Contains("covers SDG 3", text, StringComparison.Ordinal);
        Assert.Contains("https://dpgmatch.example.org/api/needs/0123456789abcdef0123456789abcdef/matches", html, StringComparison.Ordinal);
        Assert.Contains("https://dpgmatch.example.org/api/unsubscribe?token=a.b", text, StringComparison.Ordinal);
    }
}
