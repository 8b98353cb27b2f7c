using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Needs.Ocds;
using DpgMatch.Infrastructure.Http;
using Xunit.Abstractions;

namespace DpgMatch.Tests.Fuzz;

/// <summary>
/// Mutated OCDS documents, posted over HTTP. Never a 5xx; a document refused as a whole writes no need; an
/// accepted one reports one item per need it wrote, and every reported item is stored, once, with its ocid.
/// What the reader makes of the same bytes in process says which answer to expect: 400 for what is not JSON,
/// 422 when no tender can be read.
/// </summary>
[Collection(FuzzTests.Name)]
public sealed class OcdsFuzzTests(FuzzHostFixture host, ITestOutputHelper output)
{
    public const int Cases = 3_000;
    private const int BatchSize = 20;

    private static readonly string[] Fields =
    [
        "ocid", "id", "date", "tag", "language", "releases", "records", "compiledRelease", "tender", "title", "description", "items",
        "value", "amount", "currency", "tenderPeriod", "startDate", "endDate", "buyer", "parties", "roles", "address", "countryName",
        "name", "classification", "additionalClassifications", "scheme", "quantity", "unit", "procuringEntity", "uri", "url",
    ];

    [Fact]
    public async Task Mutated_OCDS_documents_never_get_a_5xx_and_every_reported_need_and_no_other_is_stored()
    {
        var bases = Bases();
        await FuzzRun.CampaignAsync<int>("ocds", Cases, BatchSize, 3, (batch, failures, outcomes) => RunBatchAsync(batch, bases, failures, outcomes), output);
    }

    /// <summary>
    /// The real packages of the fixtures, and the other shapes the reader accepts made from them: a bare
    /// release, a bare record, a record without its compiled release, and a small package of one tender.
    /// </summary>
    public static IReadOnlyList<JsonNode> Bases()
    {
        var bases = new List<JsonNode>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ocds"), "*package.json").Order(StringComparer.Ordinal))
        {
            var package = JsonNode.Parse(File.ReadAllBytes(file))!;
            bases.Add(package);
            if (package["releases"]?[0] is { } release)
            {
                bases.Add(release.DeepClone());
            }

            if (package["records"]?[0] is { } record)
            {
                bases.Add(record.DeepClone());
                var withoutCompiled = record.DeepClone().AsObject();
                withoutCompiled.Remove("compiledRelease");
                bases.Add(new JsonObject { ["records"] = new JsonArray(withoutCompiled) });
            }
        }

        bases.Add(new JsonObject
        {
            ["releases"] = new JsonArray(new JsonObject
            {
                ["ocid"] = "ocds-fuzz-1",
                ["id"] = "1",
                ["date"] = "2024-01-01T00:00:00Z",
                ["language"] = "en",
                ["tender"] = new JsonObject
                {
                    ["title"] = "Accounting software for the ministry",
                    ["description"] = "An accounting system with payroll and reporting for 40 users.",
                    ["value"] = new JsonObject { ["amount"] = 120000, ["currency"] = "USD" },
                    ["tenderPeriod"] = new JsonObject { ["startDate"] = "2024-01-01", ["endDate"] = "2024-02-01T12:00:00Z" },
                    ["items"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "1",
                        ["description"] = "Licences",
                        ["classification"] = new JsonObject { ["scheme"] = "CPV", ["id"] = "48443000" },
                        ["quantity"] = 40,
                    }),
                },
                ["buyer"] = new JsonObject { ["id"] = "b1", ["name"] = "Ministry of Finance" },
                ["parties"] = new JsonArray(new JsonObject
                {
                    ["id"] = "b1",
                    ["name"] = "Ministry of Finance",
                    ["roles"] = new JsonArray("buyer"),
                    ["address"] = new JsonObject { ["countryName"] = "Kenya" },
                }),
            }),
        });
        return bases;
    }

    private async Task RunBatchAsync(int[] cases, IReadOnlyList<JsonNode> bases, ConcurrentQueue<string> failures, ConcurrentDictionary<int, int> outcomes)
    {
        var key = await host.CreateKeyAsync("officer", $"Fuzz OCDS {host.RunId} {cases[0]}", "fuzz-officer@example.org");
        var known = new Dictionary<string, (string Ocid, string Case)>(StringComparer.Ordinal);

        foreach (var index in cases)
        {
            var random = FuzzRun.RandomFor("ocds", index);
            var mutator = new JsonMutator(random, Fields);
            var body = mutator.Mutate(bases[random.Next(bases.Count)], structural: random.Next(10) == 0 ? 0 : random.Next(1, 4), damageBytes: random.Next(8) == 0);
            var contentType = random.Next(12) == 0 ? new[] { "text/plain", null, "application/xml", "application/vnd.ocds+json" }[random.Next(4)] : "application/json";

            FuzzResponse response;
            try
            {
                response = await host.PostAsync("/api/needs/ocds", key, body, contentType);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures.Enqueue($"The request failed without a response ({ex.Message}): {FuzzRun.Replay("ocds", index)}\ninput: {FuzzRun.Excerpt(body)}");
                continue;
            }

            outcomes.AddOrUpdate(response.Status, 1, (_, n) => n + 1);
            var context = $"{FuzzRun.Replay("ocds", index)}\nmutations: {mutator.Describe()}\ncontent type: {contentType ?? "(none)"}\n"
                + $"response: {response.Summary}\ninput: {FuzzRun.Excerpt(body)}";
            try
            {
                Check(response, body, contentType, context, known, failures);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or ArgumentException or FormatException)
            {
                failures.Enqueue($"The response could not be checked ({ex.GetType().Name}: {ex.Message}): " + context);
            }
        }

        var list = await host.GetAsync("/api/needs", key);
        var where = $"ocds cases {cases[0]} to {cases[^1]} of seed {FuzzRun.Seed}";
        if (list.Status != 200)
        {
            failures.Enqueue($"The organisation's needs cannot be listed after {where}: {list.Summary}");
            return;
        }

        var stored = JsonNode.Parse(list.Body)!["items"]!.AsArray().Select(n => n!).ToList();
        var storedIds = stored.Select(n => n["id"]!.GetValue<string>()).ToList();
        if (storedIds.Distinct(StringComparer.Ordinal).Count() != storedIds.Count)
        {
            failures.Enqueue($"A need is listed twice ({where}).");
        }

        foreach (var need in stored)
        {
            var id = need["id"]!.GetValue<string>();
            if (!known.TryGetValue(id, out var reported))
            {
                failures.Enqueue($"A need was stored that no response reported, so a refused document wrote it ({where}): ocid {need["ocid"]?.ToJsonString()}");
            }
            else if (need["ocid"]?.GetValue<string>() != reported.Ocid || need["source"]?.GetValue<string>() != "ocds")
            {
                failures.Enqueue($"Need {id} is stored with ocid {need["ocid"]?.ToJsonString()} and source {need["source"]?.ToJsonString()}: " + reported.Case);
            }
            else if (FuzzRun.UnnormalisableText(need) is { } path)
            {
                failures.Enqueue($"Need {id} holds text at {path} that the matcher cannot normalise: " + reported.Case);
            }
        }

        foreach (var (id, reported) in known.Where(k => !storedIds.Contains(k.Key, StringComparer.Ordinal)))
        {
            failures.Enqueue($"Need {id} was reported but is not stored: " + reported.Case);
        }
    }

    private static void Check(
        FuzzResponse response, byte[] body, string? contentType, string context, Dictionary<string, (string Ocid, string Case)> known, ConcurrentQueue<string> failures)
    {
        if (response.Status >= 500)
        {
            failures.Enqueue("A 5xx: " + context);
            return;
        }

        var (expected, tenders) = Expect(body, contentType);
        if (expected is { } status && status != response.Status)
        {
            failures.Enqueue($"Expected {status} from what the reader makes of these bytes in process: " + context);
            return;
        }

        if (response.Status != 202)
        {
            if (response.Status is not (400 or 413 or 415 or 422) || !NeedFuzzTests.IsProblem(response))
            {
                failures.Enqueue("Neither accepted nor refused with a problem document: " + context);
            }

            return;
        }

        var result = JsonNode.Parse(response.Body)!;
        var items = result["items"]!.AsArray().Select(i => i!).ToList();
        if (items.Count == 0)
        {
            failures.Enqueue("Accepted without a single need: " + context);
        }

        foreach (var item in items)
        {
            var id = item["id"]!.GetValue<string>();
            var ocid = item["ocid"]!.GetValue<string>();
            var created = item["created"]!.GetValue<bool>();
            if (!NeedService.IsNeedId(id) || !tenders.Contains(ocid, StringComparer.Ordinal))
            {
                failures.Enqueue($"Item {item.ToJsonString()} is not one of the document's tenders: " + context);
            }

            if (created == known.ContainsKey(id))
            {
                failures.Enqueue($"Item {item.ToJsonString()} says created: {created}, but the organisation {(created ? "already had" : "did not have")} that need: " + context);
            }

            if (known.TryGetValue(id, out var before) && before.Ocid != ocid)
            {
                failures.Enqueue($"Need {id} was reported for ocid {before.Ocid} (in {before.Case}) and now for {ocid}: " + context);
            }

            known[id] = (ocid, context);
        }

        if (items.Select(i => i["id"]!.GetValue<string>()).Distinct(StringComparer.Ordinal).Count() != items.Count)
        {
            failures.Enqueue("One need is reported twice: " + context);
        }
    }

    /// <summary>The status the body's own reading calls for, when it calls for one: the route reads with the same reader.</summary>
    private static (int? Status, IReadOnlyList<string> Ocids) Expect(byte[] body, string? contentType)
    {
        if (body.Length > NeedsApi.OcdsLimitBytes)
        {
            return (413, []);
        }

        if (!NeedFuzzTests.IsJsonType(contentType))
        {
            return (415, []);
        }

        if (body.Length == 0)
        {
            return (400, []);
        }

        try
        {
            var tenders = OcdsReader.Read(body).Tenders;
            return (tenders.Count == 0 ? 422 : null, tenders.Select(t => t.Ocid).ToList());
        }
        catch (JsonException)
        {
            return (400, []);
        }
    }
}
