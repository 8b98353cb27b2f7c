using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using DpgMatch.Core.Auth;
using DpgMatch.Infrastructure.Storage;
using Microsoft.AspNetCore.Http;

namespace DpgMatch.Infrastructure.Http;

/// <summary>
/// What every route does before its own work: authenticate, check the role, read and parse the body under one
/// policy, and for creates honour <c>Idempotency-Key</c> by replaying the first response.
/// </summary>
public sealed class ApiPipeline(AuthService auth, IdempotencyTable idempotency)
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 200;

    public async Task<ApiResponse> RunAsync(
        HttpRequest request, Role[] roles, Func<Principal, Task<ApiResponse>> handle, CancellationToken cancellationToken)
    {
        var caller = await auth.AuthenticateAsync(request.Headers.Authorization.ToString(), cancellationToken);
        if (caller is null)
        {
            return ApiResults.Unauthorized();
        }

        if (roles.Length > 0 && !roles.Contains(caller.Role))
        {
            return ApiResults.Forbidden($"This route is for: {string.Join(", ", roles.Select(r => r.ToString().ToLowerInvariant()))}.");
        }

        return await handle(caller);
    }

    /// <summary>
    /// A create: the body is parsed under the input policy, and a repeated <c>Idempotency-Key</c> from the same
    /// caller gets the first response back without anything new being stored. The same key with a different
    /// body is refused, since replaying would answer a request that was never made.
    /// </summary>
    public Task<ApiResponse> CreateAsync<TBody>(
        HttpRequest request,
        Role[] roles,
        string operation,
        JsonTypeInfo<TBody> type,
        Func<Principal, TBody, string?, Task<ApiResponse>> handle,
        CancellationToken cancellationToken,
        int limitBytes = JsonBody.DefaultLimitBytes,
        bool bodyOptional = false)
        where TBody : class =>
        CreateRawAsync(
            request,
            roles,
            operation,
            limitBytes,
            "application/json",
            async (caller, bytes, key) =>
            {
                var (body, invalid) = JsonBody.Parse(bytes, type);
                return body is null ? invalid! : await handle(caller, body, key);
            },
            cancellationToken,
            bodyOptional ? "{}"u8.ToArray() : null);

    public Task<ApiResponse> CreateRawAsync(
        HttpRequest request,
        Role[] roles,
        string operation,
        int limitBytes,
        string mediaType,
        Func<Principal, byte[], string?, Task<ApiResponse>> handle,
        CancellationToken cancellationToken,
        byte[]? whenEmpty = null) =>
        RunAsync(request, roles, async caller =>
        {
            var key = request.Headers[IdempotencyHeader].FirstOrDefault();
            if (key is { Length: 0 or > MaxIdempotencyKeyLength } || (key is not null && key.Any(char.IsControl)))
            {
                return ApiResults.Invalid(IdempotencyHeader, $"Must be 1 to {MaxIdempotencyKeyLength} printable characters.");
            }

            var (bytes, failure) = await JsonBody.ReadBytesAsync(request, limitBytes, cancellationToken, mediaType, optional: whenEmpty is not null);
            if (bytes is null)
            {
                return failure!;
            }

            // A create whose body is optional answers an empty request as it would the default body, replays included.
            bytes = bytes.Length == 0 && whenEmpty is not null ? whenEmpty : bytes;

            if (key is null)
            {
                return await handle(caller, bytes, null);
            }

            var callerKey = Hash(caller.Id)[..32];
            var rowKey = Hash($"{operation}\n{key}")[..40];
            var requestHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (await idempotency.GetAsync(callerKey, rowKey, cancellationToken) is { } stored)
            {
                return Replay(stored, requestHash);
            }

            var response = await handle(caller, bytes, key);
            if (response.IsSuccess && !await idempotency.TryAddAsync(callerKey, rowKey, requestHash, response, cancellationToken)
                && await idempotency.GetAsync(callerKey, rowKey, cancellationToken) is { } raced)
            {
                return Replay(raced, requestHash);
            }

            return response;
        }, cancellationToken);

    private static ApiResponse Replay(StoredResponse stored, string requestHash) =>
        string.Equals(stored.RequestHash, requestHash, StringComparison.Ordinal)
            ? stored.Response
            : ApiResults.Problem(
                StatusCodes.Status422UnprocessableEntity,
                "Idempotency key reused",
                "This Idempotency-Key was used with a different request body.");

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
