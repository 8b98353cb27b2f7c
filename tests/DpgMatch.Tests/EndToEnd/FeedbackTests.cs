using System.Net;
using System.Text.Json;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.EndToEnd;

[Collection(LocalHostTests.Name)]
public sealed class FeedbackTests(LocalHostFixture host)
{
    private async Task<(string Officer, string NeedId)> MatchedNeedAsync()
    {
        var officer = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Feedback County"));
        using var posted = await host.SendAsync(HttpMethod.Post, "/api/needs", officer, new
        {
            title = "District health information system",
            description = "Health facilities report monthly aggregate data with dashboards for district managers.",
            sector = "Health",
            sdgs = new[] { 3 },
            contactEmail = "feedback@example.org",
        });
        var id = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            using var matches = await host.SendAsync(HttpMethod.Get, $"/api/needs/{id}/matches", officer);
            var body = JsonDocument.Parse(await matches.Content.ReadAsStringAsync()).RootElement;
            if (body.GetProperty("status").GetString() == "matched"
                && body.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("listingId").GetString() == "dhis2"))
            {
                return (officer, id);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The need was not matched with dhis2.");
    }

    [Fact]
    public async Task The_needs_officer_and_the_listings_maintainer_each_give_feedback_with_a_grade()
    {
        var (officer, needId) = await MatchedNeedAsync();
        var maintainer = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("DPG team"), "team@example.org", "dhis2");

        using var fromOfficer = await host.SendAsync(HttpMethod.Post, $"/api/matches/{needId}/dhis2/feedback", officer, new { outcome = "adopted", comment = "Chosen for the county." });
        using var fromMaintainer = await host.SendAsync(HttpMethod.Post, $"/api/matches/{needId}/dhis2/feedback", maintainer, new { outcome = "contacted" });

        Assert.Equal(HttpStatusCode.OK, fromOfficer.StatusCode);
        var officerView = JsonDocument.Parse(await fromOfficer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(3, officerView.GetProperty("grade").GetInt32());
        Assert.Equal("officer", officerView.GetProperty("actor").GetString());
        Assert.Equal(HttpStatusCode.OK, fromMaintainer.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await fromMaintainer.Content.ReadAsStringAsync()).RootElement.GetProperty("grade").GetInt32());

        // The officer's adoption keeps what the need says, for the next model's served needs; the maintainer's word does not.
        var table = new Azure.Data.Tables.TableServiceClient(TestStorage.ConnectionString).GetTableClient(DpgMatch.Infrastructure.Storage.TableNames.Feedback);
        var officerRow = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(needId, "dhis2|officer")).Value;
        var maintainerRow = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(needId, "dhis2|maintainer")).Value;
        Assert.StartsWith("District health information system. Health facilities report monthly", officerRow.GetString("NeedText"), StringComparison.Ordinal);
        Assert.False(maintainerRow.ContainsKey("NeedText"));
    }

    [Fact]
    public async Task Sixteen_concurrent_verdicts_on_one_match_are_all_kept()
    {
        var (officer, needId) = await MatchedNeedAsync();
        var outcomes = new[] { "dismissed", "shortlisted", "contacted", "adopted" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            using var response = await host.SendAsync(HttpMethod.Post, $"/api/matches/{needId}/dhis2/feedback", officer, new { outcome = outcomes[i % 4], comment = $"verdict {i}" });
            return response.StatusCode;
        }));

        Assert.All(responses, status => Assert.Equal(HttpStatusCode.OK, status));
        var table = new Azure.Data.Tables.TableServiceClient(TestStorage.ConnectionString).GetTableClient(DpgMatch.Infrastructure.Storage.TableNames.Feedback);
        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(needId, "dhis2|officer")).Value;
        using var history = JsonDocument.Parse(row.GetString("History"));
        var events = history.RootElement.EnumerateArray().ToArray();
        Assert.Equal(16, events.Length);
        Assert.Equal([4, 4, 4, 4], outcomes.Select(o => events.Count(e => e.GetProperty("outcome").GetString() == o)));
        Assert.Equal(events[^1].GetProperty("outcome").GetString(), row.GetString("Outcome"));
    }

    [Fact]
    public async Task Only_the_two_parties_of_a_match_may_give_feedback_on_it()
    {
        var (_, needId) = await MatchedNeedAsync();
        var otherOfficer = await host.CreateKeyAsync("officer", LocalHostFixture.Unique("Other County"));
        var otherMaintainer = await host.CreateKeyAsync("maintainer", LocalHostFixture.Unique("DPG team"), "team@example.org", "opencrvs");
        var analyst = await host.CreateKeyAsync("analyst", LocalHostFixture.Unique("Analysts"));

        using var foreignOfficer = await host.SendAsync(HttpMethod.Post, $"/api/matches/{needId}/dhis2/feedback", otherOfficer, new { outcome = "dismissed" });
        using var foreignMaintainer = await host.SendAsync(HttpMethod.Post, $"/api/matches/{needId}/dhis2/feedback", otherMaintainer, new { outcome = "dismissed" });
        using var wrongRole = await host.SendAsync(HttpMethod.Post, $"/api/matches/{needId}/dhis2/feedback", analyst, new { outcome = "dismissed" });

        Assert.Equal(HttpStatusCode.NotFound, foreignOfficer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignMaintainer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
    }

    [Fact]
    public async Task Feedback_needs_a_known_outcome_on_a_pair_that_was_matched()
    {
        var (officer, needId) = await MatchedNeedAsync();
        using var unknownOutcome = await host.SendAsync(HttpMethod.Post, $"/api/matches/{needId}/dhis2/feedback", officer, new { outcome = "loved" });
        using var unmatched = await host.SendAsync(HttpMethod.Post, $"/api/matches/{needId}/not-a-match-here/feedback", officer, new { outcome = "dismissed" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownOutcome.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unmatched.StatusCode);
    }
}
