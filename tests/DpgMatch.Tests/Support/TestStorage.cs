using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace DpgMatch.Tests.Support;

/// <summary>The Azurite instance the test command started. Each test uses tables and queues of its own.</summary>
public static class TestStorage
{
    public const string Variable = "DPGMATCH_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable)
        ?? throw new InvalidOperationException($"{Variable} is not set: run the tests with ./scripts/test.sh, which starts Azurite.");

    public static async Task<TableClient> NewTableAsync(string prefix)
    {
        var table = new TableServiceClient(ConnectionString).GetTableClient(prefix + Guid.NewGuid().ToString("n")[..12]);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    public static QueueServiceClient Queues() =>
        new(ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public static string UniqueQueueName(string prefix) => $"{prefix}-{Guid.NewGuid():n}"[..Math.Min(prefix.Length + 13, 50)];

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DpgMatch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (DpgMatch.sln) was not found.");
    }
}
