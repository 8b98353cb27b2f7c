using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Diagnostics;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Needs.Ocds;
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
        if (errors.Any)
        {
            return Result<NeedView>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var need = new Need(
            Id: idempotencyKey is null ? NewId() : DerivedId($"{caller.Organisation}\n{caller.Id}\nkey", idempotencyKey),
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
            UpdatedAt: now)
        {
            Requirements = input.Requirements ?? NeedRequirements.None,
            Language = Clean(input.Language),
            ShareContactWithMaintainers = input.ShareContactWithMaintainers,
        };

        var (stored, created) = await StoreAndQueueAsync(need, cancellationToken);
        return created ? Result<NeedView>.Created(NeedView.From(stored)) : Result<NeedView>.Ok(NeedView.From(stored));
    }

    /// <summary>
    /// Turns each tender of an OCDS document into a need. The ocid is the idempotency key: posting the same
    /// package again finds the needs it created and stores nothing new.
    /// </summary>
    public async Task<Result<OcdsImportResult>> CreateFromOcdsAsync(
        Principal caller, OcdsReadResult document, CancellationToken cancellationToken)
    {
        if (caller.Role != Role.Officer)
        {
            return Result<OcdsImportResult>.Forbidden("Only a procurement officer may post needs.");
        }

        if (document.Tenders.Count == 0)
        {
            var why = document.Problems.Count > 0 ? string.Join(" ", document.Problems) : "The document holds no tender.";
            return Result<OcdsImportResult>.Unprocessable("No tender could be read, so no need was created. " + why);
        }

        if (caller.Email is null)
        {
            return Result<OcdsImportResult>.Forbidden("This key has no email to receive the matches of OCDS needs.");
        }

        var items = new List<OcdsImportItem>();
        var problems = document.Problems.ToList();
        foreach (var tender in document.Tenders)
        {
            var need = FromTender(caller, tender, caller.Email);
            var errors = NeedValidator.Validate(new NeedInput(
                need.Title, need.Description, need.Sector, need.Sdgs, need.Country, need.Constraints, need.Buyer,
                need.ContactEmail, need.Requirements, need.Language));

            // The ocid is stored as it is, and a Table storage property holds at most 32K characters.
            if (tender.Ocid.Length > MaxOcidLength)
            {
                errors.Add("ocid", $"Must be at most {MaxOcidLength} characters.");
            }

            if (errors.Any)
            {
                var ocid = tender.Ocid.Length > 100 ? tender.Ocid[..100] + "…" : tender.Ocid;
                problems.Add($"{ocid}: {string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
                continue;
            }

            var (stored, created) = await StoreAndQueueAsync(need, cancellationToken);
            items.Add(new OcdsImportItem(tender.Ocid, stored.Id, stored.Status.ToApi(), created));
        }

        return items.Count == 0
            ? Result<OcdsImportResult>.Unprocessable("No tender made a valid need. " + string.Join(" ", problems))
            : Result<OcdsImportResult>.Ok(new OcdsImportResult(items, problems));
    }

    public async Task<Result<NeedView>> GetAsync(Principal caller, string id, CancellationToken cancellationToken)
    {
        var need = await FindOwnedAsync(caller, id, cancellationToken);
        return need is null ? Result<NeedView>.NotFound() : Result<NeedView>.Ok(NeedView.From(need));
    }

    public async Task<Result<NeedList>> ListAsync(Principal caller, CancellationToken cancellationToken)
    {
        var needs = await store.ListAsync(caller.Organisation, cancellationToken);
        return Result<NeedList>.Ok(new NeedList(needs.OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id, StringComparer.Ordinal).Select(NeedView.From).ToArray()));
    }

    /// <summary>Closes (bought elsewhere, done) or withdraws (posted by mistake) an open need of the caller's organisation.</summary>
    public async Task<Result<NeedView>> EndAsync(Principal caller, string id, NeedStatus to, CancellationToken cancellationToken)
    {
        if (to is not (NeedStatus.Closed or NeedStatus.Withdrawn))
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "A need ends as closed or withdrawn.");
        }

        if (await FindOwnedAsync(caller, id, cancellationToken) is null)
        {
            return Result<NeedView>.NotFound();
        }

        var transition = await store.TransitionAsync(caller.Organisation, id, s => s.IsOpen(), to, time.GetUtcNow(), cancellationToken);
        if (transition.Need is null)
        {
            return Result<NeedView>.NotFound();
        }

        if (!transition.Applied)
        {
            return Result<NeedView>.Conflict($"The need is already {transition.Need.Status.ToApi()}.");
        }

        Log.NeedEnded(logger, id, to.ToApi());
        return Result<NeedView>.Ok(NeedView.From(transition.Need));
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

    public const int MaxOcidLength = 500;
    public const int MaxItems = 200;
    public const int MaxItemTextLength = 1_000;

    /// <summary>
    /// What a need keeps of a tender's items: a need is one Table storage entity of at most 1 MiB, so they are
    /// kept in order while they fit in this many characters of JSON, and the rest, if any, left out.
    /// </summary>
    public const int MaxItemsJsonLength = 200_000;

    public static Need FromTender(Principal caller, OcdsTender tender, string contactEmail)
    {
        return new Need(
            Id: DerivedId($"{caller.Organisation}\nocid", tender.Ocid),
            Organisation: caller.Organisation,
            OwnerId: caller.Id,
            Title: Cap(tender.Title, NeedValidator.MaxTitle),
            Description: Cap(tender.Description, NeedValidator.MaxDescription),
            Sector: null,
            Sdgs: [],
            Country: tender.BuyerCountry is null ? null : Cap(tender.BuyerCountry, 100),
            Constraints: [],
            Buyer: tender.Buyer is null ? null : Cap(tender.Buyer, 200),
            ContactEmail: contactEmail,
            Status: NeedStatus.Received,
            CreatedAt: DateTimeOffset.MinValue,
            UpdatedAt: DateTimeOffset.MinValue)
        {
            Source = NeedSources.Ocds,
            Ocid = tender.Ocid,
            Language = NeedValidator.IsLanguageTag(tender.Language) ? tender.Language : null,
            Items = StorableItems(tender.Items),
            TenderStart = tender.TenderStart,
            TenderEnd = tender.TenderEnd,
            Requirements = NeedRequirements.None with
            {
                Budget = tender.Value is { } value && NeedValidator.IsCurrency(tender.Currency) && value >= 0 && value <= NeedValidator.MaxBudget
                    ? new Money(value, tender.Currency!)
                    : null,
                Deadline = tender.TenderEnd is { } end ? DateOnly.FromDateTime(end.UtcDateTime) : null,
            },
        };
    }

    private async Task<(Need Need, bool Created)> StoreAndQueueAsync(Need need, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (stored, created) = await store.AddAsync(need with { CreatedAt = now, UpdatedAt = now }, cancellationToken);
        if (created || stored.Status == NeedStatus.Received)
        {
            // A replay of a request whose enqueue failed after the write gets its message now.
            var message = JsonSerializer.Serialize(new NeedToMatch(stored.Organisation, stored.Id), DpgMatchJson.Default.NeedToMatch);
            await queue.SendAsync(QueueNames.NeedsToMatch, message, cancellationToken);
        }

        if (created)
        {
            Log.NeedReceived(logger, stored.Id, stored.Source);
        }

        return (stored, created);
    }

    /// <summary>
    /// The items with every text kept to the input policy, since stored needs are read back under it: a control
    /// character or a text of more than 10,000 characters would make the need, and the organisation's list of
    /// needs, unreadable. Control characters become spaces and texts are cut at <see cref="MaxItemTextLength"/>.
    /// </summary>
    private static OcdsItem[] StorableItems(IReadOnlyList<OcdsItem> items)
    {
        var kept = new List<OcdsItem>();
        var length = 2;
        foreach (var item in items.Take(MaxItems))
        {
            var storable = new OcdsItem(
                StorableText(item.Description),
                item.Classifications.Select(c => new OcdsClassification(StorableText(c.Scheme)!, StorableText(c.Id)!, StorableText(c.Description))).ToArray(),
                item.Quantity,
                StorableText(item.Unit));
            length += JsonSerializer.Serialize(storable, DpgMatchJson.Default.OcdsItem).Length + 1;
            if (length > MaxItemsJsonLength)
            {
                break;
            }

            kept.Add(storable);
        }

        return [.. kept];
    }

    private static string? StorableText(string? text) =>
        text is null ? null : OcdsText.Truncate(string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c)), MaxItemTextLength);

    private static string NewId() => Guid.NewGuid().ToString("n");

    private static string DerivedId(string scope, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{key}")))[..32];

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Cap(string value, int max) => value.Length <= max ? value : value[..max];
}
