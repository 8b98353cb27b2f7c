using System.Diagnostics;
using Azure.Data.Tables;
using DpgMatch.Infrastructure.Storage;

namespace DpgMatch.Cli.Load;

/// <summary>
/// The base the posting rate is compared with: the Tables SDK's batched inserts against the same storage, with
/// entities shaped like a stored need, in one partition of a scratch table that is deleted afterwards.
/// </summary>
public static class RawTablesBaseline
{
    public static async Task<RawTablesFigures> MeasureAsync(string connectionString, int entities, string runId, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("loadraw" + runId.Replace("-", "", StringComparison.Ordinal));
        await table.CreateAsync(cancellationToken);
        try
        {
            var now = DateTimeOffset.UtcNow;
            var actions = Enumerable.Range(0, entities).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("load", i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture))
            {
                ["Organisation"] = "Load test",
                ["OwnerId"] = runId,
                ["Title"] = "County health facility monthly reporting system",
                ["Description"] = NeedBodies.Description(i),
                ["Sector"] = "Health",
                ["Country"] = "Kenya",
                ["Buyer"] = "government",
                ["ContactEmail"] = "raw@example.org",
                ["Status"] = "Received",
                ["CreatedAt"] = now,
                ["UpdatedAt"] = now,
                ["Source"] = "api",
                ["ShareContact"] = false,
                ["Sdgs"] = "[3]",
                ["Constraints"] = """["must support offline data entry"]""",
            })).ToArray();
            var batches = TableBatches.Plan(actions);

            var stopwatch = Stopwatch.StartNew();
            foreach (var batch in batches)
            {
                await table.SubmitTransactionAsync(batch, cancellationToken);
            }

            var seconds = stopwatch.Elapsed.TotalSeconds;
            return new RawTablesFigures(entities, batches.Max(b => b.Count), seconds, entities / seconds);
        }
        finally
        {
            await table.DeleteAsync(CancellationToken.None);
        }
    }
}
