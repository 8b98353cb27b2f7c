using System.Security.Cryptography;
using System.Text.Json;
using DpgMatch.Core.Diagnostics;
using DpgMatch.Core.Messaging;
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
public sealed class RegistryImporter(IListingStore listings, IContactStore contacts, ILogger<RegistryImporter> logger)
{
    public Task<ImportReport> ImportDirectoryAsync(string directory, CancellationToken cancellationToken) =>
        ImportAsync(RegistrySnapshot.FromDirectory(directory), cancellationToken);

    public async Task<ImportReport> ImportAsync(RegistrySnapshot snapshot, CancellationToken cancellationToken)
    {
        var existing = (await listings.GetAllAsync(cancellationToken)).ToDictionary(l => l.Listing.Id, StringComparer.Ordinal);
        var rejected = new List<RejectedFile>();
        var changed = new List<(StoredListing Listing, IReadOnlyList<ListingContact> Contacts)>();
        int created = 0, updated = 0, unchanged = 0;

        foreach (var entry in snapshot.Entries)
        {
            var parsed = RegistryCatalogReader.Parse(entry);
            if (parsed.Listing is null)
            {
                rejected.Add(new RejectedFile(entry.NomineePath ?? entry.ScreeningPath ?? entry.Slug, string.Join("; ", parsed.Problems)));
                continue;
            }

            var hash = ContentHash(parsed.Listing, parsed.Contacts);
            if (existing.TryGetValue(entry.Slug, out var previous))
            {
                if (previous.Listing.Source != ListingSources.Registry)
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
            await listings.UpsertAsync(changed.Select(c => c.Listing).ToArray(), cancellationToken);
            foreach (var (listing, people) in changed)
            {
                await contacts.ReplaceAsync(listing.Listing.Id, people, cancellationToken);
            }
        }

        var report = new ImportReport(created, updated, unchanged, rejected);
        Log.CatalogImported(logger, report.Created, report.Updated, report.Unchanged, report.Rejected.Count);
        return report;
    }

    public static string ContentHash(Listing listing, IReadOnlyList<ListingContact> contacts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(listing, DpgMatchJson.Default.Listing));
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(contacts, DpgMatchJson.Default.IReadOnlyListListingContact));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
