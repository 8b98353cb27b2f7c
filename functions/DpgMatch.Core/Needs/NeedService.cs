using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Diagnostics;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Validation;
using Microsoft.Extensions.Logging;

namespace DpgMatch.Core.Needs;

public sealed class NeedService(INeedStore store, IQueueSender queue, TimeProvider time, ILogger<NeedService> logger)
{
    /// <summary>
    /// Stores a need and queues it for matching. With an idempotency key the need id is derived from it,
    /// so a retried POST finds the need it already created instead of making a second one.
    /// </summary>
    public async Task<Result<NeedView>> CreateAsync(
        Principal caller, NeedInput input, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (caller.Role != Role.Officer)
        {
            return Result<NeedView>.Forbidden("Only a procurement officer may post needs.");
        }

        var errors = NeedValidator.Validate(input);
        if (idempotencyKey is { Length: > 200 })
        {
            errors.Add("Idempotency-Key", "Must be at most 200 characters.");
        }

        if (errors.Any)
        {
            return Result<NeedView>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var need = new Need(
            Id: idempotencyKey is null ? NewId() : DerivedId(caller, idempotencyKey),
            Organisation: caller.Organisation,
            OwnerId: caller.Id,
            Title: input.Title!.Trim(),
            Description: input.Description!.Trim(),
            Sector: Clean(input.Sector),
            Sdgs: input.Sdgs?.Order().ToArray() ?? [],
            Country: Clean(input.Country),
            Constraints: input.Constraints?.Select(c => c.Trim()).ToArray() ?? [],
            Buyer: Clean(input.Buyer),
            ContactEmail: input.ContactEmail!.Trim(),
            Status: NeedStatus.Received,
            CreatedAt: now,
            UpdatedAt: now);

        var (stored, created) = await store.AddAsync(need, cancellationToken);
        if (created || stored.Status == NeedStatus.Received)
        {
            // A replay of a request whose enqueue failed after the write gets its message now.
            var message = JsonSerializer.Serialize(new NeedToMatch(stored.Organisation, stored.Id), DpgMatchJson.Default.NeedToMatch);
            await queue.SendAsync(QueueNames.NeedsToMatch, message, cancellationToken);
        }

        if (created)
        {
            Log.NeedReceived(logger, stored.Id, stored.Organisation);
        }

        return created ? Result<NeedView>.Created(NeedView.From(stored)) : Result<NeedView>.Ok(NeedView.From(stored));
    }

    public async Task<Result<NeedView>> GetAsync(Principal caller, string id, CancellationToken cancellationToken)
    {
        var need = await FindOwnedAsync(caller, id, cancellationToken);
        return need is null ? Result<NeedView>.NotFound() : Result<NeedView>.Ok(NeedView.From(need));
    }

    public async Task<Result<NeedList>> ListAsync(Principal caller, CancellationToken cancellationToken)
    {
        if (caller.Role is not (Role.Officer or Role.Admin))
        {
            return Result<NeedList>.Forbidden("Only procurement officers have needs.");
        }

        var needs = await store.ListAsync(caller.Organisation, cancellationToken);
        return Result<NeedList>.Ok(new NeedList(needs.OrderByDescending(n => n.CreatedAt).Select(NeedView.From).ToArray()));
    }

    /// <summary>The need, if the caller's organisation owns it. Anything else looks like a need that does not exist.</summary>
    public async Task<Need?> FindOwnedAsync(Principal caller, string id, CancellationToken cancellationToken)
    {
        if (!IsNeedId(id) || caller.Role is not (Role.Officer or Role.Admin))
        {
            return null;
        }

        return await store.GetAsync(caller.Organisation, id, cancellationToken);
    }

    public static bool IsNeedId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    private static string NewId() => Guid.NewGuid().ToString("n");

    private static string DerivedId(Principal caller, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller.Organisation}\n{caller.Id}\n{idempotencyKey}")))[..32];

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
