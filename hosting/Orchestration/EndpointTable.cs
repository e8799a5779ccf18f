using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Orchestration;

/// <summary>
/// The local address of every endpoint of every replica, chosen before anything starts: so a resource's references
/// and the gateway's route table are known up front, and a restarted replica comes back where it was.
/// </summary>
internal sealed class EndpointTable
{
    private readonly Dictionary<(string Resource, int Replica, string Endpoint), Uri> _addresses = [];

    public EndpointTable(PlatformApplicationModel model, PortAllocator ports)
    {
        // Servers the supervisor starts itself (the model store) choose their own port.
        foreach (var resource in model.Resources.Where(r => r is ProjectResource or ExecutableResource))
        {
            var replicas = Replicas(resource);
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                if (endpoint.Port is not null && replicas > 1)
                {
                    throw new GraphException([$"{resource.Name}: endpoint '{endpoint.Name}' has the fixed port {endpoint.Port}, which {replicas} replicas cannot share; leave the port out"]);
                }

                for (var i = 0; i < replicas; i++)
                {
                    _addresses[(resource.Name, i, endpoint.Name)] = new Uri($"http://127.0.0.1:{endpoint.Port ?? ports.Allocate()}");
                }
            }
        }
    }

    /// <summary>How many replicas a resource starts with locally.</summary>
    public static int Replicas(IResource resource) => resource.Annotations.Last<ReplicaAnnotation>()?.Initial ?? 1;

    /// <summary>A replica's endpoints by name.</summary>
    public IReadOnlyDictionary<string, Uri> Of(string resource, int replica) =>
        _addresses.Where(a => a.Key.Resource == resource && a.Key.Replica == replica).ToDictionary(a => a.Key.Endpoint, a => a.Value);

    /// <summary>One endpoint of every replica of a resource, in replica order.</summary>
    public IReadOnlyList<Uri> All(string resource, string endpoint) =>
        [.. _addresses.Where(a => a.Key.Resource == resource && a.Key.Endpoint == endpoint).OrderBy(a => a.Key.Replica).Select(a => a.Value)];
}
