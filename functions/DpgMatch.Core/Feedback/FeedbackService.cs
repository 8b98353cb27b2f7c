using DpgMatch.Core.Auth;
using DpgMatch.Core.Diagnostics;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Validation;
using Microsoft.Extensions.Logging;

namespace DpgMatch.Core.Feedback;

public sealed record FeedbackInput(string? Outcome, string? Comment = null);

public sealed record FeedbackView(string NeedId, string ListingId, string Outcome, int Grade, string Actor);

/// <summary>
/// One party's verdict on one match, with the feature vector the model scored it on, so that retraining
/// learns from what the model actually saw.
/// </summary>
public sealed record FeedbackRecord(
    string NeedId,
    string ListingId,
    string Actor,
    string PrincipalId,
    string Outcome,
    int Grade,
    string? Comment,
    string Scorer,
    IReadOnlyList<float>? Features,
    DateTimeOffset At)
{
    /// <summary>The schema hash of <see cref="Features"/> when the match was scored; absent on rows recorded before it was kept.</summary>
    public string? FeatureSchema { get; init; }

    /// <summary>
    /// What the need says, kept when its officer contacted or adopted the listing: the next model keeps the need as
    /// one the listing serves (<see cref="Ranking.ServedNeeds"/>, ADR 0011).
    /// </summary>
    public string? NeedText { get; init; }
}

/// <summary>One verdict in a match's history: officers move a match from shortlisted to contacted to adopted.</summary>
public sealed record FeedbackEvent(string Outcome, int Grade, string PrincipalId, DateTimeOffset At);

public interface IFeedbackStore
{
    /// <summary>
    /// Keeps the latest verdict of each actor (the officer's side, the maintainer's side) on a match, and appends
    /// it to the row's history; concurrent verdicts are all kept (ETag-guarded), the last one written is current.
    /// </summary>
    Task UpsertAsync(FeedbackRecord feedback, CancellationToken cancellationToken);

    Task<IReadOnlyList<FeedbackRecord>> ListAsync(string needId, CancellationToken cancellationToken);

    /// <summary>Every need's feedback, for retraining.</summary>
    Task<IReadOnlyList<FeedbackRecord>> ListAllAsync(CancellationToken cancellationToken);
}

public sealed class FeedbackService(
    NeedService needs, IMatchStore matches, IListingStore listings, IFeedbackStore store, TimeProvider time, ILogger<FeedbackService> logger)
{
    /// <summary>Outcomes and the relevance grade each stands for.</summary>
    public static readonly IReadOnlyDictionary<string, int> Grades = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["dismissed"] = 0,
        ["shortlisted"] = 1,
        ["contacted"] = 2,
        ["adopted"] = 3,
    };

    public async Task<Result<FeedbackView>> RecordAsync(
        Principal caller, string needId, string listingId, FeedbackInput input, CancellationToken cancellationToken)
    {
        if (caller.Role is not (Role.Officer or Role.Maintainer))
        {
            return Result<FeedbackView>.Forbidden("Only the need's officers or the listing's maintainers give feedback on a match.");
        }

        if (!NeedService.IsNeedId(needId) || !Slugs.IsValid(listingId))
        {
            return Result<FeedbackView>.NotFound();
        }

        // The officer side must own the need; the maintainer side must own the listing. Anyone else sees nothing.
        Need? need = null;
        if (caller.Role == Role.Officer && (need = await needs.FindOwnedAsync(caller, needId, cancellationToken)) is null)
        {
            return Result<FeedbackView>.NotFound();
        }

        if (caller.Role == Role.Maintainer
            && (await listings.GetAsync(listingId, cancellationToken) is not { } listing || !ListingService.Owns(caller, listing)))
        {
            return Result<FeedbackView>.NotFound();
        }

        var match = await matches.GetAsync(needId, listingId, cancellationToken);
        if (match is null)
        {
            return Result<FeedbackView>.NotFound();
        }

        var errors = new ValidationErrors();
        if (input.Outcome is null || !Grades.ContainsKey(input.Outcome))
        {
            errors.Add("outcome", $"Must be one of: {string.Join(", ", Grades.Keys)}.");
        }

        errors.OptionalText("comment", input.Comment, 1000);
        if (errors.Any)
        {
            return Result<FeedbackView>.Invalid(errors);
        }

        var actor = caller.Role == Role.Officer ? "officer" : "maintainer";
        var grade = Grades[input.Outcome!];
        await store.UpsertAsync(
            new FeedbackRecord(needId, listingId, actor, caller.Id, input.Outcome!, grade, input.Comment, match.Scorer, match.Features, time.GetUtcNow())
            {
                FeatureSchema = match.FeatureSchema,

                // Only the buyer's own verdict makes a need one that the listing serves.
                NeedText = need is not null && grade >= Ranking.ServedNeeds.MinimumGrade ? NeedTextOf(need) : null,
            },
            cancellationToken);
        Log.FeedbackRecorded(logger, needId, listingId, input.Outcome!);
        return Result<FeedbackView>.Ok(new FeedbackView(needId, listingId, input.Outcome!, grade, actor));
    }

    /// <summary>The text the need is embedded from, cut where the embedding model stops reading anyway (256 tokens).</summary>
    private static string NeedTextOf(Need need)
    {
        var text = EmbeddingTexts.Of(NeedQuery.From(need));
        return text.Length <= MaxNeedText ? text : text[..MaxNeedText];
    }

    private const int MaxNeedText = 2000;
}
