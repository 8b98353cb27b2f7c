using DpgMatch.Core.Auth;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Validation;

namespace DpgMatch.Core.Notifications;

/// <summary>How often a maintainer hears of fitting needs: each at once, or one digest a day.</summary>
public static class Frequencies
{
    public const string Immediate = "immediate";
    public const string Daily = "daily";
    public const string Off = "off";

    public static readonly IReadOnlyList<string> All = [Immediate, Daily, Off];
}

/// <summary>One fit waiting for a maintainer's daily digest.</summary>
public sealed record DigestItem(string Organisation, string NeedId, string ListingId);

/// <summary>The fits collected for each maintainer and day, until that day's digest goes out.</summary>
public interface IDigestStore
{
    Task AddAsync(string principalId, string day, DigestItem item, CancellationToken cancellationToken);

    Task<IReadOnlyList<DigestItem>> ListAsync(string principalId, string day, CancellationToken cancellationToken);
}

/// <summary>A maintainer's consent to hear of needs that fit one of their listings, and how often.</summary>
public sealed record Subscription(string ListingId, string PrincipalId, string Email, string Frequency, string? Language);

public sealed record SubscriptionInput(string? Frequency, string? Language = null);

public sealed record SubscriptionView(string ListingId, string Frequency, string? Language);

public interface ISubscriptionStore
{
    Task UpsertAsync(Subscription subscription, CancellationToken cancellationToken);

    Task<IReadOnlyList<Subscription>> ListAsync(string listingId, CancellationToken cancellationToken);
}

/// <summary>
/// Maintainers opt in per listing. Without a subscription nobody hears of a listing's matches: imported
/// listings mail nobody until a maintainer who owns (has claimed) them subscribes.
/// </summary>
public sealed class SubscriptionService(IListingStore listings, ISubscriptionStore store)
{
    public async Task<Result<SubscriptionView>> SetAsync(Principal caller, string listingId, SubscriptionInput input, CancellationToken cancellationToken)
    {
        if (caller.Role != Role.Maintainer)
        {
            return Result<SubscriptionView>.Forbidden("Only a listing's maintainer subscribes to its matches.");
        }

        if (!Slugs.IsValid(listingId) || await listings.GetAsync(listingId, cancellationToken) is not { } listing || !ListingService.Owns(caller, listing))
        {
            return Result<SubscriptionView>.NotFound();
        }

        var errors = new ValidationErrors();
        if (input.Frequency is null || !Frequencies.All.Contains(input.Frequency))
        {
            errors.Add("frequency", $"Must be one of: {string.Join(", ", Frequencies.All)}.");
        }

        if (input.Language is not null && !NeedValidator.IsLanguageTag(input.Language))
        {
            errors.Add("language", "Must be a BCP 47 language tag such as 'en', 'fr' or 'es'.");
        }

        if (caller.Email is null)
        {
            errors.Add("frequency", "This key has no email to send alerts to.");
        }

        if (errors.Any)
        {
            return Result<SubscriptionView>.Invalid(errors);
        }

        await store.UpsertAsync(new Subscription(listingId, caller.Id, caller.Email!, input.Frequency!, input.Language), cancellationToken);
        return Result<SubscriptionView>.Ok(new SubscriptionView(listingId, input.Frequency!, input.Language));
    }
}

/// <summary>A per-organisation daily cap on emails, so no one can make the service spend its mail quota.</summary>
public interface ISpendGuard
{
    /// <summary>Counts one email against the organisation's cap for the day; false when the cap is reached.</summary>
    Task<bool> TryConsumeAsync(string organisation, DateOnly day, int cap, CancellationToken cancellationToken);
}
