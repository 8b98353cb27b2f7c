using System.Security.Cryptography;
using System.Text.Json;
using DpgMatch.Core.Diagnostics;
using DpgMatch.Core.Messaging;
using Microsoft.Extensions.Logging;

namespace DpgMatch.Core.Listings;

public sealed record ImportReport(int Created, int Updated, int Unchanged);

public sealed class CatalogImporter(IListingStore store, ILogger<CatalogImporter> logger)
{
    /// <summary>Imports a registry folder. Unchanged listings (same content hash) are not written again.</summary>
    public async Task<ImportReport> ImportDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        var listings = RegistryCatalogReader.Read(directory);
        var existing = (await store.GetAllAsync(cancellationToken)).ToDictionary(l => l.Listing.Id, l => l.ContentHash, StringComparer.Ordinal);

        var toWrite = new List<StoredListing>();
        int created = 0, updated = 0, unchanged = 0;
        foreach (var listing in listings)
        {
            var hash = ContentHash(listing);
            if (!existing.TryGetValue(listing.Id, out var previous))
            {
                created++;
            }
            else if (string.Equals(previous, hash, StringComparison.Ordinal))
            {
                unchanged++;
                continue;
            }
            else
            {
                updated++;
            }

            toWrite.Add(new StoredListing(listing, hash));
        }

        if (toWrite.Count > 0)
        {
            await store.UpsertAsync(toWrite, cancellationToken);
        }

        var report = new ImportReport(created, updated, unchanged);
        Log.CatalogImported(logger, report.Created, report.Updated, report.Unchanged);
        return report;
    }

    public static string ContentHash(Listing listing) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(listing, DpgMatchJson.Default.Listing)));
}
