using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Needs.Ocds;
using Xunit.Abstractions;

namespace DpgMatch.Tests.Fuzz;

/// <summary>
/// Mutated need bodies, posted over HTTP: whatever arrives, the answer is never a 5xx, a refused body stores
/// nothing, and an accepted one is stored exactly once, exactly as the response describes it. Each batch of
/// cases posts as an organisation of its own, so its needs list must hold exactly the needs it was told about.
/// </summary>
[Collection(FuzzTests.Name)]
public sealed class NeedFuzzTests(FuzzHostFixture host, ITestOutputHelper output)
{
    public const int Cases = 5_000;
    private const int BatchSize = 25;

    private static readonly string[] Fields =
    [
        "title", "description", "sector", "sdgs", "country", "constraints", "buyer", "contactEmail", "requirements", "language",
        "shareContactWithMaintainers", "osiApprovedLicence", "commercialReuse", "onPremises", "offline", "languages", "dataResidency",
        "budget", "amount", "currency", "deadline", "types", "id", "status", "organisation",
    ];

    private static readonly string?[] OtherContentTypes =
    [
        "text/plain", null, "application/x-www-form-urlencoded", "application/merge-patch+json", "application/json; charset=utf-16",
        "APPLICATION/JSON", "application/jsonx", "", "application/json;", "multipart/form-data; boundary=x", "application/zip",
    ];

    [Fact]
    public async Task Mutated_need_bodies_never_get_a_5xx_and_only_accepted_ones_are_stored_once_as_reported()
    {
        var bases = Bases();
        await FuzzRun.CampaignAsync<int>("needs", Cases, BatchSize, 3, (batch, failures, outcomes) => RunBatchAsync(batch, bases, failures, outcomes), output);
    }

    /// <summary>Valid bodies to start from: the documented examples, and needs written from the real OCDS fixtures' tenders.</summary>
    public static IReadOnlyList<JsonObject> Bases()
    {
        var bases = new List<JsonObject>
        {
            new()
            {
                ["title"] = "Health facility reporting",
                ["description"] = "Facilities report monthly statistics to the ministry.",
                ["contactEmail"] = "o@example.org",
            },
            new()
            {
                ["title"] = "Open data portal for the city",
                ["description"] = "The city wants to publish its datasets on an open data portal with an API and a catalogue.",
                ["sector"] = "Governance",
                ["sdgs"] = new JsonArray(16, 11),
                ["country"] = "Ghana",
                ["constraints"] = new JsonArray("Runs on our own servers", "Interface in English and French"),
                ["buyer"] = "City of Accra",
                ["contactEmail"] = "portal@example.org",
                ["language"] = "en",
                ["shareContactWithMaintainers"] = true,
                ["requirements"] = new JsonObject
                {
                    ["osiApprovedLicence"] = true,
                    ["commercialReuse"] = true,
                    ["onPremises"] = true,
                    ["offline"] = false,
                    ["languages"] = new JsonArray("en", "fr"),
                    ["dataResidency"] = "Ghana",
                    ["budget"] = new JsonObject { ["amount"] = 50000, ["currency"] = "USD" },
                    ["deadline"] = "2027-03-31",
                    ["types"] = new JsonArray("software", "data"),
                },
            },
        };

        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ocds"), "*package.json").Order(StringComparer.Ordinal))
        {
            foreach (var tender in OcdsReader.Read(File.ReadAllBytes(file)).Tenders)
            {
                var need = new JsonObject
                {
                    ["title"] = tender.Title,
                    ["description"] = tender.Description.Length > NeedValidator.MaxDescription ? tender.Description[..NeedValidator.MaxDescription] : tender.Description,
                    ["contactEmail"] = "tenders@example.org",
                    ["buyer"] = tender.Buyer is { Length: <= 200 } buyer ? buyer : null,
                    ["country"] = tender.BuyerCountry,
                    ["language"] = NeedValidator.IsLanguageTag(tender.Language) ? tender.Language : null,
                    ["requirements"] = tender.Value is { } value && NeedValidator.IsCurrency(tender.Currency) && value <= NeedValidator.MaxBudget
                        ? new JsonObject { ["budget"] = new JsonObject { ["amount"] = value, ["currency"] = tender.Currency } }
                        : null,
                };
                var input = need.Deserialize(Core.Messaging.DpgMatchJson.Default.NeedInput)!;
                if (!NeedValidator.Validate(input).Any)
                {
                    bases.Add(need);
                }
            }
        }

        return bases;
    }

    /// <summary>
    /// Valid values at the edges (longest, shortest, every SDG, non-Latin scripts, the largest budget), so that
    /// plenty of accepted needs reach storage, and with the values most likely to find its limits.
    /// </summary>
    private static JsonObject Vary(JsonObject body, Random random)
    {
        var varied = body.DeepClone().AsObject();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            switch (random.Next(12))
            {
                case 0:
                    varied["title"] = new[] { "x", new string('t', NeedValidator.MaxTitle), "Ñandú 🧪 système de gestion", "  padded title  ", "<b>bold</b> & \"quoted\"", string.Concat(Enumerable.Repeat("😀", 100)) }[random.Next(6)];
                    break;
                case 1:
                    varied["description"] = new[]
                    {
                        "Exactly twenty chars", new string('d', NeedValidator.MaxDescription), "Line one of the need.\r\nLine two,\twith a tab.",
                        "نظام محاسبة للوزارة مع تقارير شهرية", string.Concat(Enumerable.Repeat("ระบบบัญชี ", 800)),
                    }[random.Next(5)];
                    break;
                case 2:
                    varied["sdgs"] = new JsonArray([.. Enumerable.Range(1, 17).Where(_ => random.Next(2) == 0).Select(n => (JsonNode?)n)]);
                    break;
                case 3:
                    varied["constraints"] = new JsonArray([.. Enumerable.Range(0, random.Next(NeedValidator.MaxConstraints + 1)).Select(n => (JsonNode?)$"Constraint {n} " + new string('é', random.Next(NeedValidator.MaxConstraintLength - 20)))]);
                    break;
                case 4:
                    varied["language"] = new[] { "pt-BR", "zh-Hant-TW", "abc-12345678-12345678-12345678-1234", "hy" }[random.Next(4)];
                    break;
                case 5:
                    varied["requirements"] = new JsonObject
                    {
                        ["budget"] = new[] { new JsonObject { ["amount"] = 0, ["currency"] = "USD" }, new JsonObject { ["amount"] = NeedValidator.MaxBudget, ["currency"] = "KES" }, new JsonObject { ["amount"] = 0.01m, ["currency"] = "EUR" } }[random.Next(3)],
                        ["deadline"] = new[] { "2000-01-01", "2100-12-31", "2026-02-28" }[random.Next(3)],
                        ["languages"] = new JsonArray([.. new[] { "en", "fr", "es", "pt", "ar", "zh", "ru", "sw", "hy", "am" }.Take(random.Next(NeedValidator.MaxLanguages + 1)).Select(l => (JsonNode?)l)]),
                        ["types"] = new JsonArray([.. Core.Listings.ListingValidator.KnownTypes.Where(_ => random.Next(2) == 0).Select(t => (JsonNode?)t)]),
                        ["osiApprovedLicence"] = random.Next(2) == 0,
                        ["dataResidency"] = new string('r', 100),
                    };
                    break;
                case 6:
                    varied["contactEmail"] = new[] { "first.last+tag@sub.example.org", new string('a', 64) + "@" + new string('b', 170) + ".example.org", "O@Example.Org" }[random.Next(3)];
                    break;
                case 7:
                    varied["buyer"] = new string('b', 200);
                    break;
                case 8:
                    varied["country"] = new[] { "Côte d’Ivoire", new string('c', 100), "Հայաստան" }[random.Next(3)];
                    break;
                case 9:
                    varied["sector"] = new string('s', 100);
                    break;
                case 10:
                    varied["shareContactWithMaintainers"] = random.Next(2) == 0;
                    break;
                default:
                    varied.Remove(new[] { "sector", "sdgs", "country", "constraints", "buyer", "requirements", "language" }[random.Next(7)]);
                    break;
            }
        }

        return varied;
    }

    private async Task RunBatchAsync(int[] cases, IReadOnlyList<JsonObject> bases, ConcurrentQueue<string> failures, ConcurrentDictionary<int, int> outcomes)
    {
        var key = await host.CreateKeyAsync("officer", $"Fuzz needs {host.RunId} {cases[0]}", "fuzz-officer@example.org");
        var idempotencyKeys = new[] { $"fuzz-{cases[0]}-a", $"fuzz-{cases[0]}-b" };
        var accepted = new Dictionary<string, (JsonNode View, string Case)>(StringComparer.Ordinal);

        foreach (var index in cases)
        {
            var random = FuzzRun.RandomFor("needs", index);
            var mutator = new JsonMutator(random, Fields);
            var start = bases[random.Next(bases.Count)];
            if (random.Next(2) == 0)
            {
                start = Vary(start, random);
            }

            var body = mutator.Mutate(start, structural: random.Next(4) == 0 ? 0 : random.Next(1, 4), damageBytes: random.Next(8) == 0);
            var contentType = random.Next(10) < 8 ? "application/json" : OtherContentTypes[random.Next(OtherContentTypes.Length)];
            var headers = random.Next(10) switch
            {
                0 => new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKeys[0] },
                1 => new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKeys[random.Next(2)] },
                2 => new Dictionary<string, string> { ["Idempotency-Key"] = new[] { new string('k', 201), "key\twith a tab", "k" }[random.Next(3)] },
                _ => null,
            };

            FuzzResponse response;
            try
            {
                response = await host.PostAsync("/api/needs", key, body, contentType, headers);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures.Enqueue($"The request failed without a response ({ex.Message}): {FuzzRun.Replay("needs", index)}\ninput: {FuzzRun.Excerpt(body)}");
                continue;
            }

            outcomes.AddOrUpdate(response.Status, 1, (_, n) => n + 1);
            var context = $"{FuzzRun.Replay("needs", index)}\nmutations: {mutator.Describe()}\ncontent type: {contentType ?? "(none)"}, "
                + $"idempotency key: {(headers is null ? "(none)" : headers["Idempotency-Key"])}\nresponse: {response.Summary}\ninput: {FuzzRun.Excerpt(body)}";

            try
            {
                Check(response, contentType, headers?["Idempotency-Key"], context, accepted, failures);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or ArgumentException or FormatException)
            {
                failures.Enqueue($"The response could not be checked ({ex.GetType().Name}: {ex.Message}): " + context);
            }
        }

        var list = await host.GetAsync("/api/needs", key);
        var where = $"needs cases {cases[0]} to {cases[^1]} of seed {FuzzRun.Seed}";
        if (list.Status != 200)
        {
            failures.Enqueue($"The organisation's needs cannot be listed after {where}: {list.Summary}");
            return;
        }

        var stored = JsonNode.Parse(list.Body)!["items"]!.AsArray().Select(n => n!).ToList();
        var storedIds = stored.Select(n => n["id"]!.GetValue<string>()).ToList();
        foreach (var duplicate in storedIds.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Enqueue($"Need {duplicate.Key} is listed {duplicate.Count()} times ({where}).");
        }

        foreach (var extra in storedIds.Except(accepted.Keys, StringComparer.Ordinal))
        {
            var need = stored.First(n => n["id"]!.GetValue<string>() == extra);
            failures.Enqueue($"A need was stored that no response reported, so a refused request wrote it ({where}): {need.ToJsonString()[..Math.Min(600, need.ToJsonString().Length)]}");
        }

        foreach (var (id, (view, context)) in accepted)
        {
            var found = stored.FirstOrDefault(n => n["id"]!.GetValue<string>() == id);
            if (found is null)
            {
                failures.Enqueue("An accepted need is not stored: " + context);
            }
            else if (!JsonNode.DeepEquals(found, view))
            {
                failures.Enqueue($"The stored need differs from the accepted response.\nstored: {found.ToJsonString()}\n" + context);
            }
            else if (FuzzRun.UnnormalisableText(found) is { } path)
            {
                failures.Enqueue($"The stored need holds text at {path} that the matcher cannot normalise: " + context);
            }
        }
    }

    private static void Check(
        FuzzResponse response, string? contentType, string? idempotencyKey, string context, Dictionary<string, (JsonNode View, string Case)> accepted, ConcurrentQueue<string> failures)
    {
        if (response.Status >= 500)
        {
            failures.Enqueue("A 5xx: " + context);
            return;
        }

        // The key is checked before the body is read.
        if (idempotencyKey is { Length: 0 or > 200 } || (idempotencyKey?.Any(char.IsControl) ?? false))
        {
            if (response.Status != 400)
            {
                failures.Enqueue("An invalid Idempotency-Key was not refused with 400: " + context);
            }

            return;
        }

        if (!IsJsonType(contentType) && response.Status is not (415 or 413))
        {
            failures.Enqueue("A body that is not JSON was not refused with 415: " + context);
            return;
        }

        if (response.Status == 202)
        {
            var view = JsonNode.Parse(response.Body)!;
            var id = view["id"]?.GetValue<string>();
            if (id is null || !NeedService.IsNeedId(id))
            {
                failures.Enqueue("An accepted need without a need id: " + context);
                return;
            }

            if (accepted.TryGetValue(id, out var earlier) && !JsonNode.DeepEquals(earlier.View, view))
            {
                failures.Enqueue($"One need id answered with two different needs (first in {earlier.Case}): " + context);
            }

            accepted[id] = (view, context);
        }
        else if (response.Status is not (400 or 413 or 415 or 422) || !IsProblem(response))
        {
            failures.Enqueue("Neither accepted nor refused with a problem document: " + context);
        }
    }

    public static bool IsJsonType(string? contentType)
    {
        var type = contentType?.Split(';')[0].Trim();
        return string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase)
            || (type?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ?? false);
    }

    public static bool IsProblem(FuzzResponse response)
    {
        try
        {
            return response.MediaType == "application/problem+json"
                && JsonNode.Parse(response.Body)?["status"]?.GetValue<int>() == response.Status;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
