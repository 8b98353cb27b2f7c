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
        }

        var name = $"{ticks.ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():n}.json";
        var temp = Path.Combine(Directory, name + ".tmp");
        await File.WriteAllBytesAsync(temp, payload, cancellationToken);
        File.Move(temp, Path.Combine(Directory, name));
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
    public async Task<string> ReadAllAsJsonArrayAsync(CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return "[]";
        }

        var builder = new StringBuilder("[");
        var first = true;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal))
        {
            if (!first)
            {
                builder.Append(',');
            }

            builder.Append(await File.ReadAllTextAsync(file, cancellationToken));
            first = false;
        }

        return builder.Append(']').ToString();
    }
}
