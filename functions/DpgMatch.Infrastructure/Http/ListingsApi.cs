using System.Globalization;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

/// <summary>The listings routes: public reads, maintainers' writes, admins' registry imports.</summary>
public sealed class ListingsApi(ApiPipeline pipeline, ListingService listings, RegistryImportService imports)
{
    public const int ImportLimitBytes = 64 * 1024 * 1024;
    private static readonly Role[] Maintainers = [Role.Maintainer];
    private static readonly Role[] Admins = [Role.Admin];

    public Task<ApiResponse> CreateAsync(HttpRequest request, CancellationToken cancellationToken) =>
        pipeline.CreateAsync(request, Maintainers, "listings.create", DpgMatchJson.Default.ListingInput, async (caller, input, _) =>
        {
            var result = await listings.CreateAsync(caller, input, cancellationToken);
            return result.Succeeded
                ? WithETag(ApiResults.Json(result.Value!.Listing, DpgMatchJson.Default.Listing, StatusCodes.Status201Created), result.Value)
                    .WithHeader("Location", $"/api/listings/{result.Value.Listing.Id}")
                : ApiResults.Failure(result);
        }, cancellationToken);

    public Task<ApiResponse> UpdateAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, Maintainers, async caller =>
        {
            var (input, invalid) = await JsonBody.ReadAsync(request, DpgMatchJson.Default.ListingInput, JsonBody.DefaultLimitBytes, cancellationToken);
            if (input is null)
            {
                return invalid!;
            }

            var ifMatch = request.Headers.IfMatch.FirstOrDefault();
            // "*" asks for whatever version is current, as HTTP defines it.
            var etag = ifMatch is null ? null : ifMatch.Trim() == "*" ? "*" : DecodeETag(ifMatch) ?? "no-such-etag";
            var result = await listings.UpdateAsync(caller, id, input, etag, cancellationToken);
            return result.Succeeded
                ? WithETag(ApiResults.Json(result.Value!.Listing, DpgMatchJson.Default.Listing), result.Value)
                : ApiResults.Failure(result);
        }, cancellationToken);

    public async Task<ApiResponse> GetAsync(string id, CancellationToken cancellationToken)
    {
        var result = await listings.GetAsync(id, cancellationToken);
        return result.Succeeded
            ? WithETag(ApiResults.Json(result.Value!.Listing, DpgMatchJson.Default.Listing), result.Value)
            : ApiResults.Failure(result);
    }

    public async Task<ApiResponse> SearchAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var known = new HashSet<string>(["sdg", "sector", "type", "country", "q", "page", "pageSize"], StringComparer.Ordinal);
        foreach (var name in request.Query.Keys.Where(k => !known.Contains(k)))
        {
            errors.Add(name, "Is not a parameter of this route.");
        }

        var sdg = Integer(request, "sdg", 1, 17, errors);
        var page = Integer(request, "page", 1, 100_000, errors) ?? 1;
        var pageSize = Integer(request, "pageSize", 1, ListingQuery.MaxPageSize, errors) ?? ListingQuery.DefaultPageSize;
        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in new[] { "sector", "type", "country", "q" })
        {
            var value = request.Query[name].FirstOrDefault();
            errors.OptionalText(name, value, 200);
            texts[name] = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        if (errors.Any)
        {
            return ApiResults.Invalid(errors.ToDictionary());
        }

        var result = await listings.SearchAsync(
            new ListingQuery(sdg, texts["sector"], texts["type"], texts["country"], texts["q"], page, pageSize), cancellationToken);
        return ApiResults.Json(result, DpgMatchJson.Default.ListingPage);
    }

    public Task<ApiResponse> ImportAsync(HttpRequest request, CancellationToken cancellationToken) =>
        pipeline.CreateRawAsync(request, Admins, "listings.import", ImportLimitBytes, "application/zip", async (caller, zip, _) =>
        {
            var result = await imports.StartAsync(caller, zip, cancellationToken);
            return result.Kind switch
            {
                ResultKind.Ok => ApiResults.Json(result.Value!, DpgMatchJson.Default.ImportJobView),
                ResultKind.Created => ApiResults.Json(result.Value!, DpgMatchJson.Default.ImportJobView, StatusCodes.Status202Accepted)
                    .WithHeader("Location", $"/api/listings/import/{result.Value!.Id}"),
                _ => ApiResults.Failure(result),
            };
        }, cancellationToken);

    public Task<ApiResponse> GetImportAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, Admins, async caller =>
            ApiResults.From(await imports.GetAsync(caller, id, cancellationToken), DpgMatchJson.Default.ImportJobView), cancellationToken);

    private static ApiResponse WithETag(ApiResponse response, StoredListing listing) =>
        listing.ETag is null ? response : response.WithHeader("ETag", EncodeETag(listing.ETag));

    /// <summary>
    /// The storage ETag, made an opaque strong entity tag: clients echo it in If-Match without having to
    /// keep the storage's weak "W/" prefix and quoting intact.
    /// </summary>
    private static string EncodeETag(string storageETag) =>
        $"\"{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(storageETag)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";

    private static string? DecodeETag(string header)
    {
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        value = value.Trim('"').Replace('-', '+').Replace('_', '/');
        value = value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=');
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static int? Integer(HttpRequest request, string name, int min, int max, ValidationErrors errors)
    {
        var raw = request.Query[name].FirstOrDefault();
        if (raw is null)
        {
            return null;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add(name, $"Must be a whole number from {min} to {max}.");
            return null;
        }

        return value;
    }
}
