using System.Text.Json;
using System.Text.Json.Serialization;

namespace DpgMatch.Infrastructure.Http;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthReport))]
public sealed partial class InfrastructureJson : JsonSerializerContext;
