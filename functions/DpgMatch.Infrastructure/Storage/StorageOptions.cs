using System.ComponentModel.DataAnnotations;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>
/// The storage account. Its connection string is the Functions setting <c>AzureWebJobsStorage</c>, the
/// same one the queue triggers use, so the app and its triggers can never point at different accounts.
/// </summary>
public sealed class StorageOptions
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    [Required(ErrorMessage = "The setting AzureWebJobsStorage (a storage connection string) is required.")]
    public string ConnectionString { get; set; } = "";
}
