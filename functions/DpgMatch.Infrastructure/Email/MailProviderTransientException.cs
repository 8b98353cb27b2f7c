namespace DpgMatch.Infrastructure.Email;

/// <summary>The provider asked us to try again later (429 or 5xx). The queue message is retried.</summary>
public sealed class MailProviderTransientException(int statusCode, TimeSpan? retryAfter)
    : Exception($"The mail provider answered {statusCode}; try again later.")
{
    public int StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
