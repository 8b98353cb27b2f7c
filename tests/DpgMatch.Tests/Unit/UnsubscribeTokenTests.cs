using System.Text;
using DpgMatch.Core.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace DpgMatch.Tests.Unit;

public sealed class UnsubscribeTokenTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("a-signing-key-of-at-least-thirty-two-chars");

    [Fact]
    public void A_token_names_its_recipient_and_kind_until_it_expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var tokens = new UnsubscribeTokens(Key, time);
        var token = tokens.Create("recipient-key", "officer-digest", TimeSpan.FromDays(1));

        Assert.Equal(new UnsubscribeRequest("recipient-key", "officer-digest"), tokens.Verify(token));
        time.Advance(TimeSpan.FromDays(2));
        Assert.Null(tokens.Verify(token));
    }

    [Fact]
    public void A_forged_or_altered_token_is_refused()
    {
        var tokens = new UnsubscribeTokens(Key, TimeProvider.System);
        var token = tokens.Create("recipient-key", "officer-digest", TimeSpan.FromDays(1));
        var other = new UnsubscribeTokens(Encoding.UTF8.GetBytes("another-signing-key-of-thirty-two-chars!"), TimeProvider.System);

        Assert.Null(other.Verify(token));
        Assert.Null(tokens.Verify(token[..^2] + "AA"));
        Assert.Null(tokens.Verify("not-a-token"));
        Assert.Null(tokens.Verify(null));
    }
}
