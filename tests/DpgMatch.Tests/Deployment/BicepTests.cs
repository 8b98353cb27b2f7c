using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using DpgMatch.Core.Messaging;
using DpgMatch.Infrastructure.Storage;
using DpgMatch.Tests.Support;

namespace DpgMatch.Tests.Deployment;

/// <summary>
/// Compiles and lints every Bicep file with the Bicep CLI from NuGet. <c>bicep build</c> exits 0 on type
/// warnings such as BCP036 and BCP037, so the test reads the diagnostics themselves (SARIF) and fails on any.
/// </summary>
public sealed class BicepTests
{
    private static string Infra => Path.Combine(TestStorage.RepoRoot(), "infra");

    public static TheoryData<string> BicepFiles() =>
        [.. Directory.EnumerateFiles(Infra, "*.bicep*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith(".bicepparam", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Infra, f))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Every_Bicep_file_lints_without_a_single_diagnostic(string file)
    {
        var (exit, output, error) = Bicep("lint", Path.Combine(Infra, file), "--diagnostics-format", "sarif");
        Assert.True(exit == 0, error);
        using var sarif = JsonDocument.Parse(output);
        var results = sarif.RootElement.GetProperty("runs").EnumerateArray().SelectMany(r => r.GetProperty("results").EnumerateArray())
            .Select(r => $"{r.GetProperty("ruleId").GetString()}: {r.GetProperty("message").GetProperty("text").GetString()}")
            .ToArray();
        Assert.True(results.Length == 0, string.Join("\n", results));
    }

    [Fact]
    public void The_template_matches_the_storage_the_app_uses_and_holds_no_secret()
    {
        var template = CompiledTemplate();

        // Every table and queue the code creates is provisioned, with the queues' poison twins.
        foreach (var table in TableNames.All)
        {
            Assert.Contains($"\"{table}\"", template, StringComparison.Ordinal);
        }

        foreach (var queue in QueueNames.All)
        {
            Assert.Contains($"\"{queue}\"", template, StringComparison.Ordinal);
        }

        Assert.Contains("-poison", template, StringComparison.Ordinal);
        Assert.Contains("\"imports\"", template, StringComparison.Ordinal);
        Assert.Contains($"\"{BlobModelFileStore.ContainerName}\"", template, StringComparison.Ordinal);
        Assert.Contains("\"allowSharedKeyAccess\": false", template, StringComparison.Ordinal);
        Assert.Contains("\"AzureWebJobsStorage__credential\": \"managedidentity\"", template, StringComparison.Ordinal);
        Assert.Contains("\"type\": \"SystemAssigned\"", template, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"dotnet-isolated\"", template, StringComparison.Ordinal);
        Assert.Contains("\"version\": \"10.0\"", template, StringComparison.Ordinal);
        Assert.Contains("\"tier\": \"FlexConsumption\"", template, StringComparison.Ordinal);
        Assert.Contains("@Microsoft.KeyVault(SecretUri={0})", template, StringComparison.Ordinal);
        Assert.Contains("\"appUrl\"", template, StringComparison.Ordinal);

        // No connection string or account key anywhere, and secrets only as secure parameters.
        Assert.DoesNotContain("AccountKey", template, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listKeys", template, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("DefaultEndpointsProtocol", template, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(template);
        var parameters = document.RootElement.GetProperty("parameters");
        Assert.Equal("securestring", parameters.GetProperty("sendGridApiKey").GetProperty("type").GetString());
        Assert.Equal("securestring", parameters.GetProperty("bootstrapAdminKey").GetProperty("type").GetString());
    }

    [Fact]
    public void Every_setting_the_app_reads_in_Azure_is_set_by_the_template()
    {
        var template = CompiledTemplate();
        foreach (var setting in new[] { "SendGrid__ApiKey", "SendGrid__Host", "Auth__BootstrapAdminKey", "Notifications__FromEmail", "Notifications__PublicBaseUrl", "Notifications__SigningKey", "APPLICATIONINSIGHTS_CONNECTION_STRING" })
        {
            Assert.Contains($"\"{setting}\"", template, StringComparison.Ordinal);
        }
    }

    private static string CompiledTemplate()
    {
        var (exit, output, error) = Bicep("build", Path.Combine(Infra, "main.bicep"), "--stdout");
        Assert.True(exit == 0, error);
        return output;
    }

    private static (int Exit, string Output, string Error) Bicep(params string[] args)
    {
        var package = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackage").Value!;
        var bicep = Path.Combine(package, "tools", "bicep");
        // The package is the linux-x64 build; NuGet does not always keep the executable bit on extraction.
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(bicep).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The parameter files read their secrets from the environment, as a deployment does.
        start.Environment["DPGMATCH_SENDGRID_API_KEY"] = "SG.test-only";
        start.Environment["DPGMATCH_BOOTSTRAP_ADMIN_KEY"] = "test-only-bootstrap-key";
        start.Environment["DPGMATCH_UNSUBSCRIBE_SIGNING_KEY"] = "test-only-unsubscribe-signing-key-0123456789";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "bicep did not finish");
        return (process.ExitCode, output.Result, error.Result);
    }
}
