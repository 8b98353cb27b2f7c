namespace DpgMatch.Core.Notifications;

public sealed record EmailMessage(
    string To,
    string Subject,
    string PlainText,
    string Html,
    IReadOnlyDictionary<string, string> CustomArgs,
    IReadOnlyList<string> Categories)
{
    /// <summary>Extra headers, such as List-Unsubscribe.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

public enum SendOutcome
{
    Accepted,

    /// <summary>The provider refused this message for good (a 4xx other than 429): sending it again changes nothing.</summary>
    Rejected,

    /// <summary>429: nothing may be sent before <see cref="SendResult.RetryAt"/>.</summary>
    RateLimited,

    /// <summary>A 5xx or a refused connection: nothing was accepted, so trying again later is safe.</summary>
    Transient,

    /// <summary>No answer in time: the provider may or may not have accepted it, so it must not be resent blindly.</summary>
    Unknown,
}

public sealed record SendResult(SendOutcome Outcome, int StatusCode, string? ProviderMessageId, string? Reason, DateTimeOffset? RetryAt = null);

/// <summary>Sends one email and says what became of it; it does not retry by itself.</summary>
public interface IEmailSender
{
    Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
