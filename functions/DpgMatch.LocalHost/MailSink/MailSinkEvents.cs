using System.Text.Json;
using DpgMatch.Core.Notifications;

namespace DpgMatch.LocalHost.MailSink;

/// <summary>
/// What SendGrid's Event Webhook would report for mail the sink accepted: "delivered" for each recipient, with the
/// notification id from <c>custom_args</c>. The event id is derived from the stored file, so reporting the same
/// mail again (after a restart) is recognised as a replay.
/// </summary>
public static class MailSinkEvents
{
    public static IReadOnlyList<ProviderEvent> Delivered(string fileName, ReadOnlySpan<byte> payload)
    {
        var events = new List<ProviderEvent>();
        using var document = JsonDocument.Parse(payload.ToArray());
        var personalizations = document.RootElement.GetProperty("personalizations");
        for (var p = 0; p < personalizations.GetArrayLength(); p++)
        {
            var personalization = personalizations[p];
            var notificationId = personalization.TryGetProperty("custom_args", out var args) && args.TryGetProperty("notification_id", out var id)
                ? id.GetString()
                : null;
            var to = personalization.GetProperty("to");
            for (var r = 0; r < to.GetArrayLength(); r++)
            {
                events.Add(new ProviderEvent($"sink-{fileName}-{p}-{r}", "delivered", to[r].GetProperty("email").GetString()!, notificationId));
            }
        }

        return events;
    }
}

/// <summary>
/// After a restart, reports every stored mail again, as SendGrid keeps retrying its webhook until it is heard:
/// a host killed between the sink's accepting a mail and its report still gets the send settled.
/// </summary>
public sealed partial class MailSinkEventReplay(MailSinkStore store, EventWebhook webhook, ILogger<MailSinkEventReplay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var replayed = 0;
        foreach (var (name, payload) in store.ReadAll())
        {
            while (true)
            {
                try
                {
                    replayed += (await webhook.ApplyAsync(MailSinkEvents.Delivered(name, payload), stoppingToken)).Applied;
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Storage may still be starting; the report is retried, never dropped.
                    LogReplayRetry(logger, ex.GetType().Name);
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
        }

        LogReplayed(logger, replayed);
    }

    [LoggerMessage(9101, LogLevel.Information, "Mail sink: {Applied} delivery events reported again after a restart")]
    private static partial void LogReplayed(ILogger logger, int applied);

    [LoggerMessage(9102, LogLevel.Warning, "Mail sink: reporting deliveries failed ({Error}); retrying")]
    private static partial void LogReplayRetry(ILogger logger, string error);
}
