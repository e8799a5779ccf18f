using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>
/// The KEDA HTTP add-on's <c>http.keda.sh/v1alpha1</c> HTTPScaledObject, typed with the fields Modelplane publishes,
/// serialized with <c>KubernetesYaml</c> like the core objects: a route of the add-on's interceptor (requests whose
/// Host is one of <see cref="HttpScaledObjectSpec.Hosts"/> go to a Service's port) and the metric its scaler reports.
/// </summary>
internal sealed class HttpScaledObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "http.keda.sh/v1alpha1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "HTTPScaledObject";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public HttpScaledObjectSpec Spec { get; set; } = new();
}

/// <summary>The hosts the interceptor routes, where to, the replica range and the metric to scale on.</summary>
internal sealed class HttpScaledObjectSpec
{
    [JsonPropertyName("hosts")]
    public IList<string> Hosts { get; set; } = [];

    [JsonPropertyName("replicas")]
    public HttpScaledObjectReplicas? Replicas { get; set; }

    [JsonPropertyName("scaleTargetRef")]
    public HttpScaleTargetRef ScaleTargetRef { get; set; } = new();

    /// <summary>Seconds without requests before the workload goes to zero.</summary>
    [JsonPropertyName("scaledownPeriod")]
    public int? ScaledownPeriod { get; set; }

    [JsonPropertyName("scalingMetric")]
    public HttpScalingMetric? ScalingMetric { get; set; }
}

/// <summary>The workload to scale, and the Service and port the interceptor sends its requests to.</summary>
internal sealed class HttpScaleTargetRef
{
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("port")]
    public int? Port { get; set; }

    [JsonPropertyName("service")]
    public string Service { get; set; } = string.Empty;
}

/// <summary>The fewest and most replicas.</summary>
internal sealed class HttpScaledObjectReplicas
{
    [JsonPropertyName("max")]
    public int? Max { get; set; }

    [JsonPropertyName("min")]
    public int? Min { get; set; }
}

/// <summary>What the add-on's scaler reports: requests in flight per replica, or requests per second per replica.</summary>
internal sealed class HttpScalingMetric
{
    [JsonPropertyName("concurrency")]
    public HttpConcurrencyMetric? Concurrency { get; set; }

    [JsonPropertyName("requestRate")]
    public HttpRequestRateMetric? RequestRate { get; set; }
}

/// <summary>Requests in flight per replica to aim at: Knative's concurrency target.</summary>
internal sealed class HttpConcurrencyMetric
{
    [JsonPropertyName("targetValue")]
    public int TargetValue { get; set; }
}

/// <summary>Requests per second per replica to aim at, averaged over <see cref="Window"/> (a Go duration such as <c>60s</c>).</summary>
internal sealed class HttpRequestRateMetric
{
    [JsonPropertyName("targetValue")]
    public int TargetValue { get; set; }

    [JsonPropertyName("window")]
    public string? Window { get; set; }
}
