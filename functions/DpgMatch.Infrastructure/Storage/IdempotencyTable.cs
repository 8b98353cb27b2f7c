using Azure;
using Azure.Data.Tables;
using DpgMatch.Infrastructure.Http;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>A response remembered for an <c>Idempotency-Key</c>, with the hash of the request that produced it.</summary>
public sealed record StoredResponse(string RequestHash, ApiResponse Response);

/// <summary>First responses to creates, per caller and key, so a retried request gets the same answer.</summary>
public sealed class IdempotencyTable(TableClient table, TimeProvider time)
{
    private const int ChunkBytes = 60_000;

    public async Task<StoredResponse?> GetAsync(string callerId, string key, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(callerId, key, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var e = response.Value!;
        var parts = e.GetInt32("BodyParts") ?? 0;
        var body = Enumerable.Range(0, parts).SelectMany(i => e.GetBinary($"Body{i}") ?? []).ToArray();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in (e.GetString("Headers") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..];
        }

        headers["Idempotent-Replayed"] = "true";

        return new StoredResponse(
            e.GetString("RequestHash"),
            new ApiResponse(e.GetInt32("Status") ?? 200, e.GetString("ContentType"), body, headers));
    }

    /// <summary>Remembers the first response; returns false when another request with the same key got there first.</summary>
    public async Task<bool> TryAddAsync(string callerId, string key, string requestHash, ApiResponse response, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(callerId, key)
        {
            ["RequestHash"] = requestHash,
            ["Status"] = response.Status,
            ["ContentType"] = response.ContentType,
            ["Headers"] = string.Join('\n', response.Headers.Select(h => $"{h.Key}:{h.Value}")),
            ["CreatedAt"] = time.GetUtcNow(),
        };
        var parts = response.Body.Chunk(ChunkBytes).ToArray();
        entity["BodyParts"] = parts.Length;
        for (var i = 0; i < parts.Length; i++)
        {
            entity[$"Body{i}"] = parts[i];
        }

        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }
}
