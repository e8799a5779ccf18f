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
    /// <summary>Null when the request may call <paramref name="service"/>; else the status and message to answer with.</summary>
    public (int Status, string Message)? Check(HttpRequest request, string service)
    {
        var keys = options.CurrentValue.ApiKeys;
        if (keys.Count == 0)
        {
            return null;
        }

        var presented = Presented(request);
        if (presented is null)
        {
            return (StatusCodes.Status401Unauthorized, "this gateway needs an API key: send Authorization: Bearer KEY or x-api-key: KEY");
        }

        var bytes = Encoding.UTF8.GetBytes(presented);
        var key = keys.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(k.Key)));
        if (key is null)
        {
            return (StatusCodes.Status401Unauthorized, "the API key is not valid for this gateway");
        }

        return key.Services.Contains("*") || key.Services.Contains(service, StringComparer.OrdinalIgnoreCase)
            ? null
            : (StatusCodes.Status403Forbidden, $"the API key '{key.Name}' may not call service '{service}'");
    }

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
