using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace DpgMatch.Core.Listings;

/// <summary>
/// The registry's own JSON Schemas (draft-07), bundled with the code. An upload's schemas are never used:
/// a permissive schema in a zip must not let invalid data in.
/// </summary>
public static class RegistrySchemas
{
    private static readonly Lazy<JsonSchema> NomineeSchema = new(() => Load("nominee-schema.json"));
    private static readonly Lazy<JsonSchema> ScreeningSchema = new(() => Load("screening-schema.json"));

    public static IReadOnlyList<string> ValidateNominee(JsonElement document) => Validate(NomineeSchema.Value, document);

    public static IReadOnlyList<string> ValidateScreening(JsonElement document) => Validate(ScreeningSchema.Value, document);

    private static List<string> Validate(JsonSchema schema, JsonElement document)
    {
        var result = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
            .Distinct(StringComparer.Ordinal)
            .Take(10)
            .ToList();
    }

    private static JsonSchema Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"DpgMatch.Core.Listings.{name}")
            ?? throw new InvalidOperationException($"The schema {name} is not embedded.");
        var node = JsonNode.Parse(stream)!.AsObject();

        // The registry's schemas declare "$id": "", which is not a valid base URI; give each its own.
        node.Remove("$id");
        return JsonSchema.FromText(
            node.ToJsonString(),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() },
            new Uri($"https://dpgmatch.example.org/schemas/{name}"));
    }
}
