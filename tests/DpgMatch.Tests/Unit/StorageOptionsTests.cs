using System.ComponentModel.DataAnnotations;
using DpgMatch.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;

namespace DpgMatch.Tests.Unit;

public sealed class StorageOptionsTests
{
    private static StorageOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new StorageOptions();
        StorageOptions.Bind(options, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return options;
    }

    [Fact]
    public void A_connection_string_means_no_identity()
    {
        var options = Bind(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });
        Assert.False(options.UsesIdentity);
        Assert.Equal("devstoreaccount1", StorageClients.Tables(options).AccountName);
    }

    [Fact]
    public void An_account_name_alone_means_the_managed_identity_on_the_public_endpoints()
    {
        var options = Bind(new() { ["AzureWebJobsStorage:accountName"] = "dpgmatchprod", ["AzureWebJobsStorage:credential"] = "managedidentity" });
        Assert.True(options.UsesIdentity);
        Assert.Equal(new Uri("https://dpgmatchprod.table.core.windows.net/"), options.ServiceUri("table"));
        Assert.Equal(new Uri("https://dpgmatchprod.queue.core.windows.net/"), StorageClients.Queues(options).Uri);
        Assert.Empty(Validate(options));
    }

    [Fact]
    public void Service_uris_win_over_the_account_name()
    {
        var options = Bind(new()
        {
            ["AzureWebJobsStorage:accountName"] = "a",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://blobs.example.org/",
        });
        Assert.Equal(new Uri("https://blobs.example.org/"), options.ServiceUri("blob"));
    }

    [Fact]
    public void Neither_a_connection_string_nor_an_account_is_refused_by_name() =>
        Assert.Contains(Validate(Bind([])), r => r.MemberNames.Contains("AzureWebJobsStorage"));

    private static List<ValidationResult> Validate(StorageOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
