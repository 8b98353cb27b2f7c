using System.Security.Cryptography;
using System.Text.Json;
using DpgMatch.Core.Diagnostics;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Validation;
using Microsoft.Extensions.Logging;

namespace DpgMatch.Core.Listings;

public sealed record RejectedFile(string File, string Reason);

public sealed record ImportReport(int Created, int Updated, int Unchanged, IReadOnlyList<RejectedFile> Rejected)
{
    public static ImportReport Empty { get; } = new(0, 0, 0, []);

    public ImportReport Add(ImportReport other) =>
        new(Created + other.Created, Updated + other.Updated, Unchanged + other.Unchanged, [.. Rejected, .. other.Rejected]);
}

/// <summary>
/// Imports the DPG registry in its native layout. Every file is validated against the registry's schema and a
/// refused entry writes nothing. A listing whose content hash is unchanged is not written again, so re-importing
/// the same registry writes nothing at all; a changed file rewrites only its own listing and contacts.
/// </summary>
public sealed class RegistryImporter(IListingStore listings, IContactStore contacts, ITextEmbedder embedder, ILogger<RegistryImporter> logger)
{
    public Task<ImportReport> ImportDirectoryAsync(string directory, CancellationToken cancellationToken) =>
        ImportAsync(RegistrySnapshot.FromDirectory(directory), cancellationToken);

    public async Task<ImportReport> ImportAsync(RegistrySnapshot snapshot, CancellationToken cancellationToken)
    {
        var existing = (await listings.GetSummariesAsync(cancellationToken)).ToDictionary(l => l.Id, StringComparer.Ordinal);
        var rejected = new List<RejectedFile>();
        var changed = new List<(StoredListing Listing, IReadOnlyList<ListingContact> Contacts)>();
        int created = 0, updated = 0, unchanged = 0;

        // Schema validation and parsing are CPU-bound and independent per DPG: use every core for them.
        var parsedEntries = snapshot.Entries.AsParallel().AsOrdered().Select(e => (Entry: e, Parsed: RegistryCatalogReader.Parse(e))).ToArray();
        foreach (var (entry, parsed) in parsedEntries)
        {
            if (parsed.Listing is null)
            {
                rejected.Add(new RejectedFile(entry.NomineePath ?? entry.ScreeningPath ?? entry.Slug, Reason(parsed.Problems)));
                continue;
            }

            var hash = ContentHash(parsed.Listing, parsed.Contacts);
            if (existing.TryGetValue(entry.Slug, out var previous))
            {
                if (previous.Source != ListingSources.Registry)
                {
                    rejected.Add(new RejectedFile(entry.NomineePath!, "A maintainer's listing already has this id."));
                    continue;
                }

                if (string.Equals(previous.ContentHash, hash, StringComparison.Ordinal))
                {
                    unchanged++;
                    continue;
                }

                updated++;
            }
            else
            {
                created++;
            }

            changed.Add((new StoredListing(parsed.Listing, hash), parsed.Contacts));
        }

        if (changed.Count > 0)
        {
            var vectors = embedder.Embed(changed.Select(c => EmbeddingTexts.Of(c.Listing.Listing)).ToArray(), cancellationToken);
            await listings.UpsertAsync(changed.Select((c, i) => c.Listing with { Embedding = vectors[i] }).ToArray(), cancellationToken);
            await contacts.ReplaceAsync(changed.ToDictionary(c => c.Listing.Listing.Id, c => c.Contacts, StringComparer.Ordinal), cancellationToken);
        }

        var report = new ImportReport(created, updated, unchanged, rejected);
        Log.CatalogImported(logger, report.Created, report.Updated, report.Unchanged, report.Rejected.Count);
        return report;
    }

    public const int MaxReasonLength = 2_000;

    /// <summary>
    /// The problems as a report can keep them. They quote the file (a parser message quotes the character it
    /// stopped at, the schema validator lists every pair of duplicates in an array), and the report of a large
    /// import is stored and read back under the input policy, which a control character or 10,000 characters fail.
    /// </summary>
    public static string Reason(IEnumerable<string> problems) => SafeStringConverter.Storable(string.Join("; ", problems), MaxReasonLength);

    public static string ContentHash(Listing listing, IReadOnlyList<ListingContact> contacts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(listing, DpgMatchJson.Default.Listing));
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(contacts, DpgMatchJson.Default.IReadOnlyListListingContact));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
