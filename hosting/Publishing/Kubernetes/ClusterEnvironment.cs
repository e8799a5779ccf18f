using System.Globalization;
using k8s.Models;
using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// The environment of a resource's container, as a local run gives it (see the supervisor's launch planner) but with
/// cluster addresses: <c>services__{name}__{endpoint}__0</c> is the target's Service, <c>ConnectionStrings__{store}</c>
/// comes from the store's Secret, and the servers listen on their endpoints' target ports on every interface.
/// </summary>
internal static class ClusterEnvironment
{
    public static SortedDictionary<string, V1EnvVar> Of(IResource resource)
    {
        var environment = new SortedDictionary<string, V1EnvVar>(StringComparer.Ordinal);
        void Set(string name, string value) => environment[name] = new V1EnvVar { Name = name, Value = value };

        Set("OTEL_SERVICE_NAME", resource.Name);
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        if (endpoints.FirstOrDefault(e => e.Name == EndpointAnnotation.Http) is { } http)
        {
            Set("ASPNETCORE_URLS", string.Create(CultureInfo.InvariantCulture, $"http://+:{http.TargetPort}"));
        }

        if (resource is ProjectResource)
        {
            Set("Serving__GrpcPort", endpoints.FirstOrDefault(e => e.Name == EndpointAnnotation.Grpc)?.TargetPort.ToString(CultureInfo.InvariantCulture) ?? "-1");
        }

        foreach (var target in resource.Annotations.OfType<ReferenceAnnotation>().Select(r => r.Target))
        {
            if (target is IResourceWithConnectionString)
            {
                environment[$"ConnectionStrings__{target.Name}"] = SecretValue($"ConnectionStrings__{target.Name}", StoreSecret.NameOf(target), StoreSecret.ConnectionStringKey);
                continue;
            }

            foreach (var endpoint in target.Annotations.OfType<EndpointAnnotation>())
            {
                Set($"services__{target.Name}__{endpoint.Name}__0", ClusterAddresses.Of(target, endpoint).ToString().TrimEnd('/'));
            }
        }

        foreach (var variable in resource.Annotations.OfType<EnvironmentAnnotation>())
        {
            Set(variable.Name, variable.Value);
        }

        return environment;
    }

    /// <summary>A variable whose value is one key of a Secret, so the value never appears in a pod spec.</summary>
    public static V1EnvVar SecretValue(string name, string secret, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
    };
}
