using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Modelplane.Gateway.Auth;

/// <summary>
/// Optional API keys: with none configured every request passes; with some, a request needs one
/// (<c>Authorization: Bearer KEY</c> or <c>x-api-key: KEY</c>) that may call the service. Keys are compared in
/// constant time and never written anywhere; messages and metrics use the key's name.
/// </summary>
internal sealed class ApiKeyCheck(IOptionsMonitor<GatewayOptions> options)
{
    /// <summary>Whether any key is configured; without one every request passes.</summary>
    public bool Enabled => options.CurrentValue.ApiKeys.Count > 0;

    /// <summary>Null when the request may call <paramref name="service"/>; else the status and message to answer with.</summary>
    public (int Status, string Message)? Check(HttpRequest request, string service)
    {
        if (!Enabled)
        {
            return null;
        }

        var (key, refusal) = Identify(request);
        return refusal ?? (MayCall(key!, service) ? null : (StatusCodes.Status403Forbidden, $"the API key '{key!.Name}' may not call service '{service}'"));
    }

    /// <summary>
    /// The services of <paramref name="services"/> the request's key may call (all of them when no key is configured),
    /// or the refusal when it carries no valid key: a caller without a key learns no service's name.
    /// </summary>
    public (IReadOnlyList<string> Services, (int Status, string Message)? Refusal) Visible(HttpRequest request, IEnumerable<string> services)
    {
        if (!Enabled)
        {
            return ([.. services], null);
        }

        var (key, refusal) = Identify(request);
        return refusal is { } refused ? ([], refused) : ([.. services.Where(s => MayCall(key!, s))], null);
    }

    /// <summary>
    /// Null when the request may read what covers every service (the gateway's <c>/metrics</c>), which takes a key for
    /// all services (<c>*</c>); else the status and message to answer with.
    /// </summary>
    public (int Status, string Message)? CheckAllServices(HttpRequest request, string what)
    {
        if (!Enabled)
        {
            return null;
        }

        var (key, refusal) = Identify(request);
        return refusal ?? (key!.Services.Contains("*")
            ? null
            : (StatusCodes.Status403Forbidden, $"the API key '{key.Name}' may not read {what}, which covers every service: that takes a key whose Services are [\"*\"]"));
    }

    private (ApiKeyOptions? Key, (int Status, string Message)? Refusal) Identify(HttpRequest request)
    {
        var presented = Presented(request);
        if (presented is null)
        {
            return (null, (StatusCodes.Status401Unauthorized, "this gateway needs an API key: send Authorization: Bearer KEY or x-api-key: KEY"));
        }

        var bytes = Encoding.UTF8.GetBytes(presented);
        var key = options.CurrentValue.ApiKeys.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(k.Key)));
        return key is null ? (null, (StatusCodes.Status401Unauthorized, "the API key is not valid for this gateway")) : (key, null);
    }

    private static bool MayCall(ApiKeyOptions key, string service) =>
        key.Services.Contains("*") || key.Services.Contains(service, StringComparer.OrdinalIgnoreCase);

    /// <summary>Removes the key from the request, so it reaches neither the model servers nor the payload log.</summary>
    public static void Strip(HttpRequest request)
    {
        request.Headers.Remove("x-api-key");
        if (request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.Remove("Authorization");
        }
    }

    private static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Headers["x-api-key"].FirstOrDefault() is { Length: > 0 } key ? key : null;
    }
}
