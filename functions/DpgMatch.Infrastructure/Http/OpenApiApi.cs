using System.Reflection;

namespace DpgMatch.Infrastructure.Http;

/// <summary>Serves the OpenAPI 3.1 description of the whole HTTP API, written by hand and checked by tests.</summary>
public static class OpenApiApi
{
    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("DpgMatch.Infrastructure.Http.openapi.json")
            ?? throw new InvalidOperationException("openapi.json is not embedded.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    });

    public static byte[] Bytes => Document.Value;

    public static ApiResponse Get() => new(200, ApiResponse.Json, Document.Value, new Dictionary<string, string> { ["Cache-Control"] = "public, max-age=300" });
}
