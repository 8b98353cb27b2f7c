using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Feedback;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Notifications;
using DpgMatch.Core.Ranking;
using DpgMatch.Infrastructure.Catalog;
using DpgMatch.Infrastructure.Email;
using DpgMatch.Infrastructure.Http;
using DpgMatch.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DpgMatch.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    public static IServiceCollection AddDpgMatchInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Configure(o => StorageOptions.Bind(o, configuration))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<SendGridOptions>().Bind(configuration.GetSection(SendGridOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.Section));

        services.AddSingleton(sp => StorageClients.Tables(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetServices<StoragePipelinePolicy>()));
        services.AddSingleton(sp => StorageClients.Queues(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetServices<StoragePipelinePolicy>()));
        services.AddSingleton(sp => StorageClients.Blobs(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetServices<StoragePipelinePolicy>()));

        services.AddSingleton<INeedStore>(sp => new NeedTableStore(Table(sp, TableNames.Needs)));
        services.AddSingleton<IListingStore>(sp => new ListingTableStore(Table(sp, TableNames.Listings), Table(sp, TableNames.CatalogState)));
        services.AddSingleton<IContactStore>(sp => new ContactTableStore(Table(sp, TableNames.Contacts)));
        services.AddSingleton<IImportJobStore>(sp => new ImportJobTable(Table(sp, TableNames.ImportJobs)));
        services.AddSingleton<IImportPayloadStore>(sp => new BlobImportPayloadStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(BlobImportPayloadStore.ContainerName)));
        services.AddSingleton(sp => new IdempotencyTable(Table(sp, TableNames.Idempotency), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IMatchStore>(sp => new MatchTableStore(Table(sp, TableNames.Matches)));
        services.AddSingleton<IFeedbackStore>(sp => new FeedbackTableStore(Table(sp, TableNames.Feedback)));
        services.AddSingleton<IPrincipalStore>(sp => new PrincipalTableStore(Table(sp, TableNames.Principals)));
        services.AddSingleton<INotificationLedger>(sp =>
            new NotificationLedgerTable(Table(sp, TableNames.Notifications), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISuppressionStore>(sp => new SuppressionTable(Table(sp, TableNames.Suppressions), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IWebhookEventStore>(sp => new WebhookEventTable(Table(sp, TableNames.WebhookEvents), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISubscriptionStore>(sp => new SubscriptionTable(Table(sp, TableNames.Subscriptions)));
        services.AddSingleton<ISpendGuard>(sp => new SpendCounterTable(Table(sp, TableNames.SendCounts)));
        services.AddSingleton<IDigestStore>(sp => new DigestItemTable(Table(sp, TableNames.DigestItems)));
        services.AddSingleton<IModelRegistry>(sp => new ModelTable(Table(sp, TableNames.Models)));
        services.AddSingleton<IModelFileStore>(sp => new BlobModelFileStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(BlobModelFileStore.ContainerName)));

        // With storage at hand, matchers serve the promoted model (the bundled one until there is one).
        services.AddSingleton<StoredRankerModelSource>();
        services.Replace(ServiceDescriptor.Singleton<IRankerModelSource>(sp => sp.GetRequiredService<StoredRankerModelSource>()));
        services.AddSingleton<IQueueSender, StorageQueueSender>();
        services.AddSingleton<StorageHealth>();
        services.AddHostedService<StorageBootstrapper>();

        services.AddHttpClient<IEmailSender, SendGridEmailSender>();

        services.AddSingleton<ApiPipeline>();
        services.AddSingleton<NeedsApi>();
        services.AddSingleton<ListingsApi>();
        services.AddSingleton<FeedbackApi>();
        services.AddSingleton<UnsubscribeApi>();
        services.AddSingleton<SendGridEventsApi>();
        services.AddSingleton<SubscriptionApi>();
        services.AddSingleton<AdminApi>();
        services.AddSingleton<HealthApi>();
        services.AddSingleton<ModelApi>();
        return services;
    }

    private static TableClient Table(IServiceProvider services, string name) =>
        services.GetRequiredService<TableServiceClient>().GetTableClient(name);
}
