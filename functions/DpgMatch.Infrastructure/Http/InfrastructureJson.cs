using System.Text.Json;
using System.Text.Json.Serialization;

namespace DpgMatch.Infrastructure.Http;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(ProblemDetailsBody))]
public sealed partial class InfrastructureJson : JsonSerializerContext;
