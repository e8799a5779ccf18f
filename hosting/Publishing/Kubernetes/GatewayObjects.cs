using k8s.Models;
using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// The gateway's part beyond its Deployment and Service: its route table (the local run's, with the components'
/// Service addresses) as a ConfigMap mounted where <c>Gateway:RouteTable</c> points, and an Ingress that sends each
/// InferenceService's host to it.
/// </summary>
internal static class GatewayObjects
{
    private const string RoutesDirectory = "/etc/modelplane/gateway";
    private const string RoutesFile = "routes.json";

    public static string RouteTableName(IResource gateway) => $"{gateway.Name}-routes";

    /// <summary>The route table, as the gateway reads it in the cluster.</summary>
    public static string RouteTable(GatewayResource gateway, IEnumerable<InferenceServiceResource> services) =>
        RouteTableDocument.ToText(RouteTableDocument.Create(
            gateway.Domain,
            services,
            component => (ClusterAddresses.Of(component, EndpointAnnotation.Http), ClusterAddresses.Of(component, EndpointAnnotation.Grpc))));

    public static IReadOnlyList<object> Create(GatewayResource gateway, IReadOnlyList<InferenceServiceResource> services, PodAdditions additions)
    {
        var labels = ObjectLabels.Of(gateway, ContainerImages.RepositoryOf(gateway), "gateway");
        additions.Volumes.Add(new V1Volume { Name = "routes", ConfigMap = new V1ConfigMapVolumeSource { Name = RouteTableName(gateway) } });
        additions.Mounts.Add(new V1VolumeMount { Name = "routes", MountPath = RoutesDirectory, ReadOnlyProperty = true });
        additions.Environment["Gateway__RouteTable"] = $"{RoutesDirectory}/{RoutesFile}";

        var objects = new List<object>
        {
            new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = new V1ObjectMeta { Name = RouteTableName(gateway), Labels = labels },
                Data = new Dictionary<string, string>(StringComparer.Ordinal) { [RoutesFile] = RouteTable(gateway, services) },
            },
        };

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
                                    Backend = new V1IngressBackend { Service = new V1IngressServiceBackend { Name = gateway.Name, Port = new V1ServiceBackendPort { Name = EndpointAnnotation.Http } } },
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
