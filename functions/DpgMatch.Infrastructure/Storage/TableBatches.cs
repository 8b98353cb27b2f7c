using Azure.Data.Tables;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>
/// Splits table writes into entity group transactions that Table storage accepts: one partition, at most
/// 100 operations and 4 MiB per batch, at most 255 properties per entity. Azurite does not enforce these,
/// so code that relied on it would pass every local test and fail in Azure.
/// </summary>
public static class TableBatches
{
    public const int MaxOperations = 100;
    public const long MaxPayloadBytes = 4L * 1024 * 1024;
    public const int MaxProperties = 255;

    // The multipart envelope, headers and JSON punctuation around each entity.
    private const int PerOperationOverhead = 1024;
    private const int EnvelopeOverhead = 4096;

    public static IReadOnlyList<IReadOnlyList<TableTransactionAction>> Plan(IEnumerable<TableTransactionAction> actions)
    {
        var batches = new List<IReadOnlyList<TableTransactionAction>>();
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            var current = new List<TableTransactionAction>();
            long size = EnvelopeOverhead;
            foreach (var action in partition)
            {
                var entitySize = EstimateSize(action.Entity) + PerOperationOverhead;
                if (entitySize + EnvelopeOverhead > MaxPayloadBytes)
                {
                    throw new InvalidOperationException(
                        $"Entity '{action.Entity.RowKey}' is about {entitySize} bytes; a batch holds at most {MaxPayloadBytes}.");
                }

                if (current.Count == MaxOperations || size + entitySize > MaxPayloadBytes)
                {
                    batches.Add(current);
                    current = [];
                    size = EnvelopeOverhead;
                }

                current.Add(action);
                size += entitySize;
            }

            if (current.Count > 0)
            {
                batches.Add(current);
            }
        }

        return batches;
    }

    public static async Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var batch in Plan(actions))
        {
            await table.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    /// <summary>An upper bound of the entity's size on the wire as JSON (strings count two bytes a character).</summary>
    public static long EstimateSize(ITableEntity entity)
    {
        if (entity is not TableEntity table)
        {
            return 2L * ((entity.PartitionKey?.Length ?? 0) + (entity.RowKey?.Length ?? 0)) + 256;
        }

        if (table.Count + 3 > MaxProperties)
        {
            throw new InvalidOperationException(
                $"Entity '{table.RowKey}' has {table.Count} properties; Table storage allows {MaxProperties} including the system ones.");
        }

        long size = 0;
        foreach (var (key, value) in table)
        {
            size += (2L * key.Length) + 64 + value switch
            {
                string s => 2L * s.Length * 3, // JSON escaping can triple a character in the worst case.
                byte[] b => (b.Length * 4L / 3) + 4,
                BinaryData d => (d.ToMemory().Length * 4L / 3) + 4,
                _ => 32,
            };
        }

        return size;
    }
}
