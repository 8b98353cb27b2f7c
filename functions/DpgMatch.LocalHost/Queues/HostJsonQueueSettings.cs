using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Azure.WebJobs.Host;

namespace DpgMatch.LocalHost.Queues;

/// <summary>
/// Applies <c>extensions.queues</c> of the shared host.json to the WebJobs queue listeners, so retries,
/// polling and the poison threshold are the ones the Functions host uses in Azure.
/// </summary>
public static class HostJsonQueueSettings
{
    public static void Apply(string hostJsonPath, QueuesOptions options)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(hostJsonPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!document.RootElement.TryGetProperty("extensions", out var extensions)
            || !extensions.TryGetProperty("queues", out var queues))
        {
            return;
        }

        foreach (var setting in queues.EnumerateObject())
        {
            switch (setting.Name.ToUpperInvariant())
            {
                case "MAXPOLLINGINTERVAL":
                    options.MaxPollingInterval = TimeSpan.Parse(setting.Value.GetString()!, CultureInfo.InvariantCulture);
                    break;
                case "VISIBILITYTIMEOUT":
                    options.VisibilityTimeout = TimeSpan.Parse(setting.Value.GetString()!, CultureInfo.InvariantCulture);
                    break;
                case "BATCHSIZE":
                    options.BatchSize = setting.Value.GetInt32();
                    break;
                case "NEWBATCHTHRESHOLD":
                    options.NewBatchThreshold = setting.Value.GetInt32();
                    break;
                case "MAXDEQUEUECOUNT":
                    options.MaxDequeueCount = setting.Value.GetInt32();
                    break;
                case "MESSAGEENCODING":
                    options.MessageEncoding = string.Equals(setting.Value.GetString(), "none", StringComparison.OrdinalIgnoreCase)
                        ? QueueMessageEncoding.None
                        : QueueMessageEncoding.Base64;
                    break;
                default:
                    throw new InvalidOperationException($"host.json extensions.queues.{setting.Name} is not a setting the local host knows.");
            }
        }
    }
}
