using Aspire.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Gateway;

/// <summary>An API key of the gateway: its name (which logs and metrics use), the secret parameter that holds it, and the services it may call (<c>*</c> for all).</summary>
public sealed record GatewayApiKey(string Name, ParameterResource Key, IReadOnlyList<string> Services)
{
    /// <summary>Whether the key may call <paramref name="service"/>.</summary>
    public bool Allows(string service) => Services.Contains("*") || Services.Contains(service, StringComparer.OrdinalIgnoreCase);
}
