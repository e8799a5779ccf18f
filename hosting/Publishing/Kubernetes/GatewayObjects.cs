using k8s.Models;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// The gateway's part beyond its Deployment and Service: its route table (the local run's, with the components'
/// Service addresses) as a ConfigMap mounted where <c>Gateway:RouteTable</c> points, its API keys as a Secret, and an
/// Ingress that sends each InferenceService's host to it.
/// </summary>
internal static class GatewayObjects
{
    /// <summary>Where the gateway reads its route table in the cluster.</summary>
    public const string RouteTablePath = RoutesDirectory + "/" + RoutesFile;

    private const string RoutesDirectory = "/etc/modelplane/gateway";
    private const string RoutesFile = "routes.json";

    public static string RouteTableName(GatewayResource gateway) => $"{gateway.Name}-routes";

    public static async Task<IReadOnlyList<object>> CreateAsync(GatewayResource gateway, IReadOnlyList<InferenceServiceResource> services, PodAdditions additions, CancellationToken cancellationToken)
    {
        var labels = ObjectLabels.Of(gateway, ContainerImages.RepositoryOf(gateway.Project), "gateway");
        additions.Volumes.Add(new V1Volume { Name = "routes", ConfigMap = new V1ConfigMapVolumeSource { Name = RouteTableName(gateway) } });
        additions.Mounts.Add(new V1VolumeMount { Name = "routes", MountPath = RoutesDirectory, ReadOnlyProperty = true });

        var objects = new List<object>
        {
            new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = new V1ObjectMeta { Name = RouteTableName(gateway), Labels = labels },
                Data = new Dictionary<string, string>(StringComparer.Ordinal) { [RoutesFile] = RouteTables.ToJson(RouteTables.Create(gateway, services, ClusterPlacement.Instance)) },
            },
        };

        if (await GatewaySecrets.CreateAsync(gateway, labels, cancellationToken) is { } secret)
        {
            objects.Add(secret);
        }

        if (services.Count > 0)
        {
            objects.Add(new V1Ingress
            {
                ApiVersion = "networking.k8s.io/v1",
                Kind = "Ingress",
                Metadata = new V1ObjectMeta { Name = gateway.Name, Labels = labels },
                Spec = new V1IngressSpec
                {
                    Rules = [.. services.Select(s => new V1IngressRule
                    {
                        Host = gateway.HostOf(s.Spec.Name, s.Spec.Namespace),
                        Http = new V1HTTPIngressRuleValue
                        {
                            Paths =
                            [
                                new V1HTTPIngressPath
                                {
                                    Path = "/",
                                    PathType = "Prefix",
                                    Backend = new V1IngressBackend { Service = new V1IngressServiceBackend { Name = gateway.Name, Port = new V1ServiceBackendPort { Name = ServicePorts.Http } } },
                                },
                            ],
                        },
                    })],
                },
            });
        }

        return objects;
    }
}
