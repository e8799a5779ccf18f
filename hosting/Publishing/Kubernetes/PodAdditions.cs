using k8s.Models;
using Modelplane.Hosting.Variables;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>What a kind of resource adds to the pod of a published service: volumes and their mounts, init containers, environment.</summary>
internal sealed class PodAdditions
{
    public List<V1Volume> Volumes { get; } = [];

    public List<V1VolumeMount> Mounts { get; } = [];

    public List<V1Container> InitContainers { get; } = [];

    /// <summary>Variables set (or replaced) in the service's container.</summary>
    public Dictionary<string, EnvironmentValue> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Variables of the local run that have no meaning in the service's container.</summary>
    public HashSet<string> Removed { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> PodLabels { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> PodAnnotations { get; } = new(StringComparer.Ordinal);

    /// <summary>The nodes the pod may run on (a GPU pool's labels); null for any.</summary>
    public IDictionary<string, string>? NodeSelector { get; set; }

    /// <summary>The taints the pod tolerates (a GPU pool's); null for none.</summary>
    public IList<V1Toleration>? Tolerations { get; set; }
}
