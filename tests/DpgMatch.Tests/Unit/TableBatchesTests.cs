using Azure.Data.Tables;
using DpgMatch.Infrastructure.Storage;

namespace DpgMatch.Tests.Unit;

public sealed class TableBatchesTests
{
    private static TableTransactionAction Upsert(string partition, string row, int chars = 10) =>
        new(TableTransactionActionType.UpsertReplace, new TableEntity(partition, row) { ["Text"] = new string('x', chars) });

    [Fact]
    public void Batches_hold_one_partition_and_at_most_100_operations()
    {
        var actions = Enumerable.Range(0, 250).Select(i => Upsert("a", $"r{i}"))
            .Concat(Enumerable.Range(0, 3).Select(i => Upsert("b", $"r{i}")));

        var batches = TableBatches.Plan(actions);

        Assert.Equal([100, 100, 50, 3], batches.Select(b => b.Count));
        Assert.All(batches, b => Assert.Single(b.Select(a => a.Entity.PartitionKey).Distinct()));
    }

    [Fact]
    public void Batches_stay_under_four_mebibytes()
    {
        // Each entity carries about 180 KB once escaping is allowed for, so fewer than 100 fit in 4 MiB.
        var actions = Enumerable.Range(0, 60).Select(i => Upsert("a", $"r{i}", 30_000)).ToArray();

        var batches = TableBatches.Plan(actions);

        Assert.True(batches.Count > 1);
        Assert.All(batches, b => Assert.True(b.Sum(a => TableBatches.EstimateSize(a.Entity)) < TableBatches.MaxPayloadBytes));
        Assert.Equal(60, batches.Sum(b => b.Count));
    }

    [Fact]
    public void An_entity_with_too_many_properties_is_refused()
    {
        var entity = new TableEntity("a", "r");
        for (var i = 0; i < 253; i++)
        {
            entity[$"P{i}"] = i;
        }

        Assert.Throws<InvalidOperationException>(() => TableBatches.Plan([new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)]));
    }
}
