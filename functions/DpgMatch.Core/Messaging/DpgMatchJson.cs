using System.Text.Json;
using System.Text.Json.Serialization;
using DpgMatch.Core.Auth;
using DpgMatch.Core.Listings;
using DpgMatch.Core.Matching;
using DpgMatch.Core.Needs;

namespace DpgMatch.Core.Messaging;

/// <summary>Source-generated JSON for every message, request and response the product exchanges.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(NeedToMatch))]
[JsonSerializable(typeof(NotificationRequested))]
[JsonSerializable(typeof(NeedInput))]
[JsonSerializable(typeof(NeedView))]
[JsonSerializable(typeof(NeedList))]
[JsonSerializable(typeof(NewPrincipalRequest))]
[JsonSerializable(typeof(CreatedPrincipal))]
[JsonSerializable(typeof(MatchList))]
[JsonSerializable(typeof(Listing))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<int>))]
[JsonSerializable(typeof(IReadOnlyList<MatchReason>))]
public sealed partial class DpgMatchJson : JsonSerializerContext;
