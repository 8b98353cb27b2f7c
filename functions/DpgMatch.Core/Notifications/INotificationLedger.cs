namespace DpgMatch.Core.Notifications;

public enum ClaimOutcome
{
    /// <summary>This delivery owns the send.</summary>
    Claimed,

    /// <summary>An earlier delivery sent it.</summary>
    AlreadySent,

    /// <summary>Another delivery is sending it right now, or was when it died: its outcome is not known yet.</summary>
    InFlight,

    /// <summary>The provider refused it for good.</summary>
    Failed,

    /// <summary>A send timed out; the provider's events or reconciliation decide whether it went.</summary>
    Unknown,

    /// <summary>
    /// A delivery claimed it long ago and never said how the send ended: its process died. Whether the provider
    /// got it is as unknown as after a timeout.
    /// </summary>
    Abandoned,
}

public sealed record LedgerClaim(ClaimOutcome Outcome, int Attempts);

/// <summary>
/// The send ledger: one row per deterministic notification id, moving Pending → Sending → Sent, with Failed and
/// Unknown as the other exits. Every move is guarded by the row's ETag, so two deliveries of the same queue
/// message cannot both send.
/// </summary>
public interface INotificationLedger
{
    /// <param name="lease">How old a claim that never finished must be before it counts as abandoned.</param>
    Task<LedgerClaim> TryClaimAsync(string recipientKey, string notificationId, string kind, TimeSpan lease, CancellationToken cancellationToken);

    Task MarkSentAsync(string recipientKey, string notificationId, string? providerMessageId, CancellationToken cancellationToken);

    Task MarkFailedAsync(string recipientKey, string notificationId, string reason, CancellationToken cancellationToken);

    Task MarkUnknownAsync(string recipientKey, string notificationId, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Settles a send still Unknown: as Sent, or back to Pending so it may be sent again. False when the row is no
    /// longer Unknown (an event settled it) or another delivery settled it first.
    /// </summary>
    Task<bool> SettleUnknownAsync(string recipientKey, string notificationId, bool resend, CancellationToken cancellationToken);

    /// <summary>Gives the claim back after a failure worth retrying, so a later delivery may send.</summary>
    Task ReleaseAsync(string recipientKey, string notificationId, CancellationToken cancellationToken);
}
