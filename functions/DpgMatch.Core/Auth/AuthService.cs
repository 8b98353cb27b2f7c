using DpgMatch.Core.Diagnostics;
using DpgMatch.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DpgMatch.Core.Auth;

public sealed class AuthService(
    IPrincipalStore store,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<AuthService> logger)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Resolves an <c>Authorization</c> header to a principal, or null when it names none.</summary>
    public async Task<Principal?> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = authorization[BearerPrefix.Length..].Trim();
        if (key.Length == 0)
        {
            return null;
        }

        if (ApiKeys.FixedTimeEquals(key, options.Value.BootstrapAdminKey))
        {
            return Principal.BootstrapAdmin;
        }

        var record = await store.FindByKeyHashAsync(ApiKeys.Hash(key), cancellationToken);
        return record?.ToPrincipal();
    }

    public async Task<Result<CreatedPrincipal>> CreatePrincipalAsync(
        Principal caller, NewPrincipalRequest request, CancellationToken cancellationToken)
    {
        if (!caller.IsBootstrapAdmin)
        {
            return Result<CreatedPrincipal>.Forbidden("Only the bootstrap admin key may create principals.");
        }

        var errors = new ValidationErrors();
        Role role = default;
        // Only the exact names: Enum.TryParse would also take numbers and comma-separated lists.
        if (request.Role is null || !Enum.GetNames<Role>().Any(n => string.Equals(n, request.Role, StringComparison.OrdinalIgnoreCase))
            || !Enum.TryParse(request.Role, ignoreCase: true, out role))
        {
            errors.Add("role", "Must be one of officer, maintainer, analyst, admin.");
        }

        errors.RequireText("organisation", request.Organisation, maxLength: 200);
        errors.RequireEmail("email", request.Email);
        var listings = request.Listings ?? [];
        if (listings.Count > 500)
        {
            errors.Add("listings", "At most 500 listings.");
        }

        for (var i = 0; i < listings.Count; i++)
        {
            if (!Slugs.IsValid(listings[i]))
            {
                errors.Add($"listings[{i}]", "Must be a listing id: lower-case letters, digits, dots, underscores and hyphens.");
            }
        }

        if (listings.Count > 0 && role != Role.Maintainer)
        {
            errors.Add("listings", "Only a maintainer owns listings.");
        }

        if (errors.Any)
        {
            return Result<CreatedPrincipal>.Invalid(errors);
        }

        var key = ApiKeys.Generate();
        var record = new PrincipalRecord(
            Id: Guid.NewGuid().ToString("n"),
            KeyHash: ApiKeys.Hash(key),
            Role: role,
            Organisation: request.Organisation!.Trim(),
            Email: request.Email!.Trim(),
            Listings: listings.Distinct(StringComparer.Ordinal).ToArray(),
            CreatedAt: time.GetUtcNow());
        await store.AddAsync(record, cancellationToken);
        Log.PrincipalCreated(logger, record.Id, role.ToString());
        return Result<CreatedPrincipal>.Ok(new CreatedPrincipal(record.Id, key));
    }
}
