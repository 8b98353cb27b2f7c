using System.Reflection;
using System.Text.Json;
using DpgMatch.LocalHost;
using DpgMatch.LocalHost.Queues;
using DpgMatch.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Configuration;

namespace DpgMatch.Tests.Integration;

/// <summary>
/// The Functions app and the local host must expose the same HTTP routes and listen on the same queues.
/// The Functions side is read from the functions.metadata that the Functions host itself reads.
/// </summary>
public sealed class HostAgreementTests
{
    [Fact]
    public async Task Both_hosts_expose_the_same_routes_and_queues()
    {
        var metadata = FunctionsMetadata();
        var routePrefix = RoutePrefix();

        var functionRoutes = metadata
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m =>
                $"{m.GetString()!.ToUpperInvariant()} /{Join(routePrefix, b.GetProperty("route").GetString()!)}"))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var functionQueues = metadata
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "queueTrigger")
            .Select(b => b.GetProperty("queueName").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToArray();

        await using var app = LocalHostApplication.Create(
            ["--environment", "Production"],
            b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
                ["SendGrid:ApiKey"] = "k",
                ["Auth:BootstrapAdminKey"] = "0123456789abcdef",
            }));
        var localRoutes = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods
                .Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var localQueues = typeof(QueueFunctions).GetMethods()
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()?.QueueName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.NotEmpty(functionRoutes);
        Assert.Equal(functionRoutes, localRoutes);
        Assert.Equal(functionRoutes, DocumentedRoutes());
        Assert.Equal(DpgMatch.Core.Messaging.QueueNames.All.Order(StringComparer.Ordinal), functionQueues);
        Assert.Equal(functionQueues, localQueues);
    }

    [Fact]
    public void Every_function_of_the_app_is_in_its_metadata()
    {
        var names = FunctionsMetadata().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal);
        var triggers = Directory.EnumerateFiles(Path.Combine(TestStorage.RepoRoot(), "functions", "DpgMatch.Functions"), "*Function.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal);
        Assert.Equal(triggers, names);
    }

    [Fact]
    public void Every_documented_operation_is_named_after_its_function()
    {
        using var document = JsonDocument.Parse(DpgMatch.Infrastructure.Http.OpenApiApi.Bytes);
        Assert.Equal("3.1.0", document.RootElement.GetProperty("openapi").GetString());
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch"))
            .Select(o => o.Value.GetProperty("operationId").GetString() + "Function")
            .Order(StringComparer.Ordinal);
        var httpFunctions = FunctionsMetadata()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "httpTrigger"))
            .Select(f => f.GetProperty("name").GetString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(httpFunctions, operations);
    }

    private static string[] DocumentedRoutes()
    {
        using var document = JsonDocument.Parse(DpgMatch.Infrastructure.Http.OpenApiApi.Bytes);
        return document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject()
                .Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static string Join(string prefix, string route) => prefix.Length == 0 ? route : $"{prefix}/{route}";

    private static string RoutePrefix()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestStorage.RepoRoot(), "host.json")));
        return host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString()!;
    }

    private static JsonElement[] FunctionsMetadata()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var path = Path.Combine(TestStorage.RepoRoot(), "functions", "DpgMatch.Functions", "bin", configuration, "net10.0", "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }
}
