namespace DpgMatch.Core.Notifications;

public sealed record EmailMessage(
    string To,
    string Subject,
    string PlainText,
    string Html,
    IReadOnlyDictionary<string, string> CustomArgs,
    IReadOnlyList<string> Categories);

public enum SendOutcome
{
    Accepted,

    /// <summary>The provider refused this message for good (a 4xx other than 429): sending it again changes nothing.</summary>
    Rejected,
}

public sealed record SendResult(SendOutcome Outcome, int StatusCode, string? ProviderMessageId, string? Reason);

/// <summary>Sends one email. Throws on failures worth retrying (network, 429, 5xx) so the queue retries.</summary>
public interface IEmailSender
{
    Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
