using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>
/// The storage account, read from the Functions setting <c>AzureWebJobsStorage</c> so the app's clients and
/// the host's queue triggers always point at the same account. It is either a connection string (locally,
/// Azurite) or, in Azure, an identity-based section: <c>AzureWebJobsStorage__accountName</c> or the
/// <c>__blobServiceUri</c>, <c>__queueServiceUri</c> and <c>__tableServiceUri</c> settings, with no key at all.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    public string? ConnectionString { get; set; }

    public string? AccountName { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public Uri? TableServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ClientId { get; set; }

    public bool UsesIdentity => string.IsNullOrWhiteSpace(ConnectionString);

    public Uri ServiceUri(string service) => service switch
    {
        "blob" when BlobServiceUri is not null => BlobServiceUri,
        "queue" when QueueServiceUri is not null => QueueServiceUri,
        "table" when TableServiceUri is not null => TableServiceUri,
        _ when !string.IsNullOrWhiteSpace(AccountName) => new Uri($"https://{AccountName}.{service}.core.windows.net/"),
        _ => throw new InvalidOperationException($"No {service} service address: set {ConnectionSetting}__{service}ServiceUri or {ConnectionSetting}__accountName."),
    };

    public static void Bind(StorageOptions options, IConfiguration configuration)
    {
        var section = configuration.GetSection(ConnectionSetting);
        options.ConnectionString = section.Value;
        options.AccountName = section["accountName"];
        options.BlobServiceUri = Uri(section["blobServiceUri"]);
        options.QueueServiceUri = Uri(section["queueServiceUri"]);
        options.TableServiceUri = Uri(section["tableServiceUri"]);
        options.ClientId = section["clientId"];
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesIdentity && string.IsNullOrWhiteSpace(AccountName)
            && (BlobServiceUri is null || QueueServiceUri is null || TableServiceUri is null))
        {
            yield return new ValidationResult(
                $"Set {ConnectionSetting} to a connection string, or {ConnectionSetting}__accountName (or its three service URIs) to use a managed identity.",
                [ConnectionSetting]);
        }
    }

    private static Uri? Uri(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value, UriKind.Absolute);
}
