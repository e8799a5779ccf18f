using Aspire.Hosting.ApplicationModel;
using k8s.Models;
using Modelplane.Hosting.Gateway;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>The Secret of the gateway's API keys, one key per secret parameter, which its container reads them from.</summary>
internal static class GatewaySecrets
{
    public static string NameOf(IResource gateway) => $"{gateway.Name}-api-keys";

    /// <summary>The Secret, or null when the gateway has no API keys.</summary>
    public static async Task<V1Secret?> CreateAsync(GatewayResource gateway, Dictionary<string, string> labels, CancellationToken cancellationToken)
    {
        if (gateway.ApiKeys.Count == 0)
        {
            return null;
        }

        var data = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in gateway.ApiKeys)
        {
            data[key.Key.Name] = await key.Key.GetValueAsync(cancellationToken) ?? string.Empty;
        }

        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = NameOf(gateway), Labels = labels },
            Type = "Opaque",
            StringData = data.ToDictionary(StringComparer.Ordinal),
        };
    }
}
