using DpgMatch.Core.Auth;
using DpgMatch.Core.Feedback;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Messaging;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Notifications;
using DpgMatch.Core.Ranking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DpgMatch.Core;

public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddDpgMatchCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MatchingOptions>().BindConfiguration(MatchingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<AuthService>();
        services.AddSingleton<NeedService>();
        services.AddSingleton<RegistryImporter>();
        services.AddSingleton<RegistryImportService>();
        services.AddSingleton<ListingService>();
        services.AddSingleton<CatalogIndexProvider>();
        services.AddOptions<RankingOptions>().BindConfiguration(RankingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ITextEmbedder, MiniLmEmbedder>();
        services.TryAddSingleton<BundledRankerModelSource>();
        services.TryAddSingleton<IRankerModelSource>(sp => sp.GetRequiredService<BundledRankerModelSource>());
        services.AddSingleton<ModelVersionService>();
        services.AddSingleton<RetrainingService>();
        services.AddSingleton<BaselineScorer>();
        services.AddSingleton<LearnedRanker>();
        services.AddSingleton<INeedRanker>(sp => sp.GetRequiredService<IOptions<RankingOptions>>().Value.Ranker == "baseline"
            ? sp.GetRequiredService<BaselineScorer>()
            : sp.GetRequiredService<LearnedRanker>());
        services.AddSingleton<MatchingService>();
        services.AddSingleton(sp => UnsubscribeService.CreateTokens(sp.GetRequiredService<IOptions<NotificationOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<NotificationService>();
        services.AddSingleton<UnsubscribeService>();
        services.AddSingleton<EventWebhook>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<FeedbackService>();
        services.AddSingleton<QueueHandlers>();
        return services;
    }
}
