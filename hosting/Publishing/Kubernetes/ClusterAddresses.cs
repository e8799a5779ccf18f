using System.Globalization;
using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// Where a resource's endpoints are inside the cluster: its Service, by name, on the endpoint's target port. One
/// address stands for all replicas, which the Service balances, where a local run lists each replica's port.
/// </summary>
internal static class ClusterAddresses
{
    public static Uri Of(IResource resource, EndpointAnnotation endpoint) =>
        new(string.Create(CultureInfo.InvariantCulture, $"http://{resource.Name}:{endpoint.TargetPort}"));

    /// <summary>The address of the endpoint named <paramref name="name"/>, or none when the resource has no such endpoint.</summary>
    public static IReadOnlyList<Uri> Of(IResource resource, string name) =>
        [.. resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.Name == name).Select(e => Of(resource, e))];
}
