namespace DpgMatch.Core.Notifications;

public enum ClaimOutcome
{
    /// <summary>This delivery owns the send.</summary>
    Claimed,

    /// <summary>An earlier delivery sent it.</summary>
    AlreadySent,

    /// <summary>An earlier delivery started sending and its outcome is unknown; sending again could duplicate it.</summary>
    InFlight,

    /// <summary>The provider refused it for good.</summary>
    Failed,
}

/// <summary>
/// The send ledger: one row per deterministic notification id, moved between states with optimistic
/// concurrency so two deliveries of the same queue message send one email.
/// </summary>
public interface INotificationLedger
{
    Task<ClaimOutcome> TryClaimAsync(string recipientKey, string notificationId, string kind, CancellationToken cancellationToken);

    Task MarkSentAsync(string recipientKey, string notificationId, string? providerMessageId, CancellationToken cancellationToken);

    Task MarkFailedAsync(string recipientKey, string notificationId, string reason, CancellationToken cancellationToken);

    /// <summary>Gives the claim back after a failure worth retrying, so the next delivery may send.</summary>
    Task ReleaseAsync(string recipientKey, string notificationId, CancellationToken cancellationToken);
}
