using System.Text.Json;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Diagnostics;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DpgMatch.Core.Listings;

public sealed record ListingQuery(int? Sdg, string? Sector, string? Type, string? Country, string? Q, int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
}

public sealed record ListingPage(IReadOnlyList<Listing> Items, int Page, int PageSize, int Total);

public sealed class ListingService(
    IListingStore store,
    CatalogIndexProvider catalog,
    ITextEmbedder embedder,
    IQueueSender queue,
    IOptions<MatchingOptions> matchingOptions,
    ILogger<ListingService> logger)
{
    public const string MaintainerStage = "listed";

    public async Task<Result<StoredListing>> CreateAsync(Principal caller, ListingInput input, CancellationToken cancellationToken)
    {
        if (caller.Role != Role.Maintainer)
        {
            return Result<StoredListing>.Forbidden("Only a DPG maintainer may list a DPG.");
        }

        var errors = ListingValidator.Validate(input);
        if (errors.Any)
        {
            return Result<StoredListing>.Invalid(errors);
        }

        var listing = ToListing(ListingValidator.Slug(input.Name!), input);
        var hash = RegistryImporter.ContentHash(listing, []);
        await AnnounceAsync(listing.Id, hash, cancellationToken);
        var added = await store.AddAsync(
            new StoredListing(listing, hash, OwnerOrganisation: caller.Organisation)
            {
                Embedding = embedder.Embed([EmbeddingTexts.Of(listing)], cancellationToken)[0],
            },
            cancellationToken);
        if (added is null)
        {
            return Result<StoredListing>.Conflict($"A listing with the id '{listing.Id}' exists; choose another name.");
        }

        catalog.Invalidate();
        Log.ListingChanged(logger, listing.Id, "created");
        return Result<StoredListing>.Created(added);
    }

    public async Task<Result<StoredListing>> UpdateAsync(
        Principal caller, string id, ListingInput input, string? ifMatch, CancellationToken cancellationToken)
    {
        if (caller.Role != Role.Maintainer)
        {
            return Result<StoredListing>.Forbidden("Only a DPG maintainer may change a listing.");
        }

        var existing = Slugs.IsValid(id) ? await store.GetAsync(id, cancellationToken) : null;
        if (existing is null || !Owns(caller, existing))
        {
            return Result<StoredListing>.NotFound();
        }

        if (string.IsNullOrEmpty(ifMatch))
        {
            return Result<StoredListing>.PreconditionRequired("Send the listing's ETag in If-Match, from a GET, so that no one else's change is lost.");
        }

        var errors = ListingValidator.Validate(input);
        if (errors.Any)
        {
            return Result<StoredListing>.Invalid(errors);
        }

        // The id stays even if the name changes: links and matches point at it.
        var listing = ToListing(id, input) with { Source = existing.Listing.Source, Stage = existing.Listing.Stage };
        var hash = RegistryImporter.ContentHash(listing, []);
        await AnnounceAsync(id, hash, cancellationToken);
        var replaced = await store.ReplaceAsync(
            existing with
            {
                Listing = listing,
                ContentHash = hash,
                Embedding = embedder.Embed([EmbeddingTexts.Of(listing)], cancellationToken)[0],
            },
            ifMatch,
            cancellationToken);
        if (replaced is null)
        {
            return Result<StoredListing>.PreconditionFailed("The listing changed since you read it; GET it again and re-apply your change.");
        }

        catalog.Invalidate();
        Log.ListingChanged(logger, id, "updated");
        return Result<StoredListing>.Ok(replaced);
    }

    public async Task<Result<StoredListing>> GetAsync(string id, CancellationToken cancellationToken)
    {
        var listing = Slugs.IsValid(id) ? await store.GetAsync(id, cancellationToken) : null;
        return listing is null ? Result<StoredListing>.NotFound() : Result<StoredListing>.Ok(listing);
    }

    /// <summary>Filters the catalogue; with a text query, listings are ranked by relevance, otherwise by name.</summary>
    public async Task<ListingPage> SearchAsync(ListingQuery query, CancellationToken cancellationToken)
    {
        var index = await catalog.GetAsync(cancellationToken);
        IEnumerable<(Listing Listing, double Score)> hits = index.Listings.Select(l => (l, 0.0));
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var scores = index.Lexical.Search(query.Q, index.Listings.Count).ToDictionary(h => h.Id, h => (double)h.Score, StringComparer.Ordinal);
            hits = index.Listings.Where(l => scores.ContainsKey(l.Id)).Select(l => (l, scores[l.Id]));
        }

        var filtered = hits
            .Where(h => query.Sdg is not { } sdg || h.Listing.Sdgs.Any(s => s.Number == sdg))
            .Where(h => query.Sector is not { } sector || h.Listing.Sectors.Contains(sector, StringComparer.OrdinalIgnoreCase))
            .Where(h => query.Type is not { } type || h.Listing.Types.Contains(type, StringComparer.OrdinalIgnoreCase))
            .Where(h => query.Country is not { } country
                || h.Listing.DeploymentCountries.Contains(country, StringComparer.OrdinalIgnoreCase)
                || h.Listing.DevelopmentCountries.Contains(country, StringComparer.OrdinalIgnoreCase))
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Listing.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(h => h.Listing.Id, StringComparer.Ordinal)
            .Select(h => h.Listing)
            .ToArray();
        return new ListingPage(
            filtered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToArray(),
            query.Page,
            query.PageSize,
            filtered.Length);
    }

    /// <summary>
    /// Queues the change for matching against open needs, delayed by the debounce window. It goes before the write
    /// so that no committed change can miss it; a write that then fails leaves a message whose hash matches nothing.
    /// </summary>
    private Task AnnounceAsync(string id, string contentHash, CancellationToken cancellationToken) =>
        queue.SendAsync(
            QueueNames.ListingsChanged,
            JsonSerializer.Serialize(new ListingsChanged([new ListingVersion(id, contentHash)]), DpgMatchJson.Default.ListingsChanged),
            cancellationToken,
            TimeSpan.FromSeconds(matchingOptions.Value.ListingChangeDelaySeconds));

    /// <summary>A maintainer owns the listings their organisation created and those their key was issued for.</summary>
    public static bool Owns(Principal caller, StoredListing listing) =>
        caller.Role == Role.Maintainer
        && (string.Equals(listing.OwnerOrganisation, caller.Organisation, StringComparison.Ordinal)
            || caller.Listings.Contains(listing.Listing.Id, StringComparer.Ordinal));

    private static Listing ToListing(string id, ListingInput input) => new(
        Id: id,
        Name: input.Name!.Trim(),
        Aliases: input.Aliases?.Select(a => a.Trim()).Distinct(StringComparer.Ordinal).ToArray() ?? [],
        Description: input.Description!.Trim(),
        Website: input.Website,
        Licenses: input.Licenses?.Distinct(StringComparer.Ordinal).ToArray() ?? [],
        Sdgs: input.Sdgs?.OrderBy(s => s.Number).ToArray() ?? [],
        Sectors: input.Sectors?.Select(s => s.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray() ?? [],
        Types: input.Types!.Distinct(StringComparer.Ordinal).ToArray(),
        Stage: MaintainerStage,
        Repositories: input.Repositories ?? [],
        Organisations: [],
        DevelopmentCountries: input.DevelopmentCountries?.Select(c => c.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray() ?? [],
        DeploymentCountries: input.DeploymentCountries?.Select(c => c.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray() ?? [],
        Standard: null,
        Source: ListingSources.Maintainer);
}
