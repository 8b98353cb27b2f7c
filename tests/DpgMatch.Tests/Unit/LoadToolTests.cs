using System.Globalization;
using System.Net;
using System.Text;
using DpgMatch.Cli;
using DpgMatch.Cli.Load;

namespace DpgMatch.Tests.Unit;

public sealed class LoadToolTests
{
    private static Dictionary<string, string> Options(params string[] pairs) =>
        Enumerable.Range(0, pairs.Length / 2).ToDictionary(i => pairs[2 * i], i => pairs[(2 * i) + 1], StringComparer.Ordinal);

    [Fact]
    public void Options_take_defaults_and_spread_needs_over_organisations_below_the_email_cap()
    {
        var defaults = LoadOptions.Parse(Options("url", "http://127.0.0.1:7071", "key", "admin"));
        Assert.Equal(LoadOptions.DefaultNeeds, defaults.Needs);
        Assert.Equal(LoadOptions.DefaultConcurrency, defaults.Concurrency);
        Assert.Equal(0, defaults.Replays);
        Assert.Null(defaults.Storage);
        Assert.Null(defaults.JsonPath);

        var given = LoadOptions.Parse(Options(
            "url", "http://127.0.0.1:7071", "key", "admin", "needs", "501", "concurrency", "32", "replays", "50",
            "storage", "UseDevelopmentStorage=true", "timeout", "30", "json", "out.json"));
        Assert.Equal((501, 32, 50, 6), (given.Needs, given.Concurrency, given.Replays, given.Organisations));
        Assert.Equal(TimeSpan.FromSeconds(30), given.EmailTimeout);
        Assert.Equal("out.json", given.JsonPath);
    }

    [Theory]
    [InlineData("needs", "0")]
    [InlineData("needs", "-5")]
    [InlineData("concurrency", "many")]
    [InlineData("replays", "1.5")]
    [InlineData("url", "127.0.0.1:7071")]
    [InlineData("nedes", "5")]
    public void Options_refuse_bad_values_and_unknown_names(string name, string value)
    {
        var options = Options("url", "http://127.0.0.1:7071", "key", "admin");
        options[name] = value;
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(options));
    }

    [Fact]
    public async Task The_load_verb_without_a_url_fails_with_the_reason()
    {
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        Assert.Equal(2, await CliApplication.RunAsync(["load", "--key", "admin"], TextWriter.Null, error));
        Assert.Contains("--url is required", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Percentiles_are_nearest_rank_values_that_were_measured()
    {
        var hundred = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();
        Assert.Equal(50, Percentiles.Of(hundred, 50));
        Assert.Equal(95, Percentiles.Of(hundred, 95));
        Assert.Equal(99, Percentiles.Of(hundred, 99));
        Assert.Equal(100, Percentiles.Of(hundred, 100));

        double[] few = [30, 10, 20];
        Assert.Equal(20, Percentiles.Of(few, 50));
        Assert.Equal(30, Percentiles.Of(few, 95));
        Assert.Equal(7, Percentiles.Of([7.0], 99));
        Assert.Equal(new LatencySummary(20, 30, 30, 30), Percentiles.Summarise(few));
        Assert.Null(Percentiles.Summarise([]));
        Assert.Throws<ArgumentException>(() => Percentiles.Of([], 50));
    }

    [Fact]
    public void Each_need_body_is_the_same_bytes_every_time_and_distinct_from_the_others()
    {
        Assert.Equal(NeedBodies.For(3, "a@example.org"), NeedBodies.For(3, "a@example.org"));
        var bodies = Enumerable.Range(0, 50).Select(i => NeedBodies.For(i, "a@example.org")).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(50, bodies.Count);
    }

    [Fact]
    public async Task The_mail_watcher_counts_only_this_runs_digests_follows_the_cursor_and_sees_a_second_digest()
    {
        var prefix = "load-run1-";
        var sink = new StubSink(
            ("c1", Mail(MailWatcher.Contact(prefix, 0), "officer-digest") + "," + Mail("someone@example.org", "officer-digest")),
            ("c2", Mail(MailWatcher.Contact(prefix, 1), "officer-alert") + "," + Mail(MailWatcher.Contact(prefix, 0), "officer-digest")),
            ("c2", ""));
        using var http = new HttpClient(sink) { BaseAddress = new Uri("http://sink") };
        var watcher = new MailWatcher(http, prefix, needs: 3);

        await watcher.PollAsync(() => 10, CancellationToken.None);
        await watcher.PollAsync(() => 20, CancellationToken.None);
        await watcher.PollAsync(() => 30, CancellationToken.None);

        Assert.Equal(["/dev/mail", "/dev/mail?after=c1", "/dev/mail?after=c2"], sink.Paths);
        Assert.Equal((10.0, 2), watcher.Of(0));
        Assert.True(double.IsNaN(watcher.Of(1).FirstSeenMs));
        Assert.Equal(1, watcher.Arrived([0, 1, 2]));
    }

    private static string Mail(string to, string kind) =>
        $$$"""{"personalizations":[{"to":[{"email":"{{{to}}}"}],"custom_args":{"notification_id":"x","kind":"{{{kind}}}"}}],"categories":["{{{kind}}}"]}""";

    private sealed class StubSink(params (string Cursor, string Mails)[] answers) : HttpMessageHandler
    {
        private int next;

        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Paths.Add(request.RequestUri!.PathAndQuery);
            var (cursor, mails) = answers[next++];
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($"[{mails}]", Encoding.UTF8, "application/json") };
            response.Headers.Add(MailWatcher.CursorHeader, cursor);
            return Task.FromResult(response);
        }
    }
}
