using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace DpgMatch.LocalHost.MailSink;

public sealed record SinkFault(int Status, int ResetSeconds);

/// <summary>Keeps each accepted payload byte for byte as a file, named so that names sort in arrival order.</summary>
public sealed class MailSinkStore(IOptions<MailSinkOptions> options)
{
    private readonly object gate = new();
    private readonly Queue<SinkFault> faults = new();
    private readonly SortedSet<long> saving = [];
    private long lastTicks;

    /// <summary>Makes the next sends fail as SendGrid can, so retry and rate-limit handling can be exercised locally.</summary>
    public void AddFaults(SinkFault fault, int count)
    {
        lock (gate)
        {
            for (var i = 0; i < count; i++)
            {
                faults.Enqueue(fault);
            }
        }
    }

    public SinkFault? NextFault()
    {
        lock (gate)
        {
            return faults.TryDequeue(out var fault) ? fault : null;
        }
    }

    private string Directory => Path.GetFullPath(options.Value.Directory);

    /// <returns>The stored file's name, which identifies the mail.</returns>
    public async Task<string> SaveAsync(byte[] payload, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        long ticks;
        lock (gate)
        {
            ticks = Math.Max(DateTime.UtcNow.Ticks, lastTicks + 1);
            lastTicks = ticks;
            saving.Add(ticks);
        }

        var name = $"{ticks.ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():n}.json";
        try
        {
            var temp = Path.Combine(Directory, name + ".tmp");
            await File.WriteAllBytesAsync(temp, payload, cancellationToken);
            File.Move(temp, Path.Combine(Directory, name));
        }
        finally
        {
            lock (gate)
            {
                saving.Remove(ticks);
            }
        }

        return name;
    }

    /// <summary>Every stored mail, oldest first.</summary>
    public IEnumerable<(string Name, byte[] Payload)> ReadAll()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            yield break;
        }

        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal))
        {
            yield return (Path.GetFileName(file), File.ReadAllBytes(file));
        }
    }

    /// <summary>All captured payloads as one JSON array, oldest first.</summary>
    public async Task<string> ReadAllAsJsonArrayAsync(CancellationToken cancellationToken) =>
        (await ReadAfterAsync(null, cancellationToken)).Json;

    /// <summary>
    /// The payloads captured after <paramref name="after"/> (a cursor from an earlier read; null for all), oldest
    /// first, and the cursor to pass next time. A poller that passes the cursor reads each payload once instead
    /// of the whole sink again.
    /// </summary>
    public async Task<(string Json, string? Cursor)> ReadAfterAsync(string? after, CancellationToken cancellationToken)
    {
        // Saves finish out of order: a payload still being written may sort before one already on disk. Only
        // names below every unfinished or future save are returned, so a cursor never passes one it has not seen.
        long below;
        lock (gate)
        {
            below = saving.Count > 0 ? saving.Min : Math.Max(DateTime.UtcNow.Ticks, lastTicks + 1);
        }

        var builder = new StringBuilder("[");
        var cursor = after;
        if (System.IO.Directory.Exists(Directory))
        {
            var first = true;
            foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                if (after is not null && string.CompareOrdinal(name, after) <= 0)
                {
                    continue;
                }

                if (!long.TryParse(name.AsSpan(0, Math.Min(19, name.Length)), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                {
                    continue;
                }

                if (ticks >= below)
                {
                    break;
                }

                if (!first)
                {
                    builder.Append(',');
                }

                builder.Append(await File.ReadAllTextAsync(file, cancellationToken));
                first = false;
                cursor = name;
            }
        }

        return (builder.Append(']').ToString(), cursor);
    }
}
