using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// KEDA's <c>keda.sh/v1alpha1</c> ScaledObject, typed with the fields Modelplane publishes, serialized with
/// <c>KubernetesYaml</c> like the core objects (KubernetesClient has no KEDA types).
/// </summary>
internal sealed class KedaScaledObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "keda.sh/v1alpha1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "ScaledObject";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public KedaScaledObjectSpec Spec { get; set; } = new();
}

/// <summary>What KEDA scales, between which bounds, how soon it lets it go to zero, and on which triggers.</summary>
internal sealed class KedaScaledObjectSpec
{
    /// <summary>Seconds after the last active trigger before the workload goes to zero.</summary>
    [JsonPropertyName("cooldownPeriod")]
    public int? CooldownPeriod { get; set; }

    [JsonPropertyName("maxReplicaCount")]
    public int? MaxReplicaCount { get; set; }

    [JsonPropertyName("minReplicaCount")]
    public int? MinReplicaCount { get; set; }

    /// <summary>Seconds between KEDA's reads of the triggers (push triggers report activity as it happens).</summary>
    [JsonPropertyName("pollingInterval")]
    public int? PollingInterval { get; set; }

    [JsonPropertyName("scaleTargetRef")]
    public KedaScaleTarget ScaleTargetRef { get; set; } = new();

    [JsonPropertyName("triggers")]
    public IList<KedaTrigger> Triggers { get; set; } = [];
}

/// <summary>The workload a ScaledObject scales.</summary>
internal sealed class KedaScaleTarget
{
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;
}

/// <summary>One scaler of a ScaledObject: its type, its metadata as the scaler reads it, and the metric type for CPU and memory.</summary>
internal sealed class KedaTrigger
{
    [JsonPropertyName("metadata")]
    public IDictionary<string, string> Metadata { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    [JsonPropertyName("metricType")]
    public string? MetricType { get; set; }

    [JsonPropertyName("type")]
    public string Type { get; set; } = string.Empty;
}
