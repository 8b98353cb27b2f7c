using System.Text.Json;
using System.Text.Json.Serialization;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Feedback;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Needs;
using DpgMatch.Core.Needs.Ocds;
using DpgMatch.Core.Notifications;
using DpgMatch.Core.Ranking;
using DpgMatch.Core.Validation;

namespace DpgMatch.Core.Messaging;

/// <summary>Source-generated JSON for every message, request and response the product exchanges.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(SafeStringConverter)])]
[JsonSerializable(typeof(NeedToMatch))]
[JsonSerializable(typeof(NotificationRequested))]
[JsonSerializable(typeof(ListingsChanged))]
[JsonSerializable(typeof(NeedInput))]
[JsonSerializable(typeof(NeedView))]
[JsonSerializable(typeof(NeedList))]
[JsonSerializable(typeof(NeedRequirements))]
[JsonSerializable(typeof(IReadOnlyList<OcdsItem>))]
[JsonSerializable(typeof(OcdsImportResult))]
[JsonSerializable(typeof(NewPrincipalRequest))]
[JsonSerializable(typeof(CreatedPrincipal))]
[JsonSerializable(typeof(MatchList))]
[JsonSerializable(typeof(FeedbackInput))]
[JsonSerializable(typeof(SubscriptionInput))]
[JsonSerializable(typeof(SubscriptionView))]
[JsonSerializable(typeof(FeedbackView))]
[JsonSerializable(typeof(IReadOnlyList<FeedbackEvent>))]
[JsonSerializable(typeof(Listing))]
[JsonSerializable(typeof(IReadOnlyList<ListingContact>))]
[JsonSerializable(typeof(ImportReport))]
[JsonSerializable(typeof(RegistryImportChunk))]
[JsonSerializable(typeof(ImportJobView))]
[JsonSerializable(typeof(ListingInput))]
[JsonSerializable(typeof(ListingPage))]
[JsonSerializable(typeof(ModelTrainingRequested))]
[JsonSerializable(typeof(RetrainInput))]
[JsonSerializable(typeof(ModelVersionView))]
[JsonSerializable(typeof(ModelVersionList))]
[JsonSerializable(typeof(ModelView))]
[JsonSerializable(typeof(TrainingCounts))]
[JsonSerializable(typeof(IReadOnlyList<EvaluationResult>))]
[JsonSerializable(typeof(IReadOnlyList<FeatureImportance>))]

[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<int>))]
[JsonSerializable(typeof(IReadOnlyList<float>))]
[JsonSerializable(typeof(IReadOnlyList<MatchReason>))]
public sealed partial class DpgMatchJson : JsonSerializerContext;
