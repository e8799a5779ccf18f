using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Modelplane.Hosting.Publishing.KServe;

/// <summary>
/// KServe's <c>serving.kserve.io/v1beta1</c> InferenceService, typed with the fields Modelplane publishes, serialized
/// with <c>KubernetesYaml</c> like the core objects (KubernetesClient has no KServe types).
/// </summary>
internal sealed class InferenceServiceObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "serving.kserve.io/v1beta1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "InferenceService";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public InferenceServiceObjectSpec Spec { get; set; } = new();
}

/// <summary>The spec of an InferenceService: its predictor, and a transformer and explainer when it has them.</summary>
internal sealed class InferenceServiceObjectSpec
{
    [JsonPropertyName("predictor")]
    public ComponentObject Predictor { get; set; } = new();

    [JsonPropertyName("transformer")]
    public ComponentObject? Transformer { get; set; }

    [JsonPropertyName("explainer")]
    public ComponentObject? Explainer { get; set; }
}

/// <summary>A component with KServe's extension fields, the pod fields Modelplane writes, and either a model (the predictor) or containers.</summary>
internal sealed class ComponentObject
{
    [JsonPropertyName("annotations")]
    public IDictionary<string, string>? Annotations { get; set; }

    [JsonPropertyName("batcher")]
    public BatcherObject? Batcher { get; set; }

    [JsonPropertyName("canaryTrafficPercent")]
    public int? CanaryTrafficPercent { get; set; }

    [JsonPropertyName("containerConcurrency")]
    public int? ContainerConcurrency { get; set; }

    [JsonPropertyName("containers")]
    public IList<V1Container>? Containers { get; set; }

    [JsonPropertyName("labels")]
    public IDictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("logger")]
    public LoggerObject? Logger { get; set; }

    [JsonPropertyName("maxReplicas")]
    public int? MaxReplicas { get; set; }

    [JsonPropertyName("minReplicas")]
    public int? MinReplicas { get; set; }

    [JsonPropertyName("model")]
    public ModelObject? Model { get; set; }

    [JsonPropertyName("nodeSelector")]
    public IDictionary<string, string>? NodeSelector { get; set; }

    [JsonPropertyName("scaleMetric")]
    public string? ScaleMetric { get; set; }

    [JsonPropertyName("scaleTarget")]
    public int? ScaleTarget { get; set; }

    [JsonPropertyName("serviceAccountName")]
    public string? ServiceAccountName { get; set; }

    [JsonPropertyName("timeout")]
    public long? Timeout { get; set; }

    [JsonPropertyName("tolerations")]
    public IList<V1Toleration>? Tolerations { get; set; }
}

/// <summary>KServe's <c>model</c> of a predictor.</summary>
internal sealed class ModelObject
{
    [JsonPropertyName("modelFormat")]
    public ModelFormatObject ModelFormat { get; set; } = new();

    [JsonPropertyName("protocolVersion")]
    public string? ProtocolVersion { get; set; }

    [JsonPropertyName("resources")]
    public V1ResourceRequirements? Resources { get; set; }

    [JsonPropertyName("runtime")]
    public string? Runtime { get; set; }

    [JsonPropertyName("runtimeVersion")]
    public string? RuntimeVersion { get; set; }

    [JsonPropertyName("storageUri")]
    public string? StorageUri { get; set; }
}

/// <summary>A model format's name and version.</summary>
internal sealed class ModelFormatObject
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "onnx";

    [JsonPropertyName("version")]
    public string? Version { get; set; }
}

/// <summary>KServe's batcher: <c>maxLatency</c> in milliseconds, <c>timeout</c> in seconds.</summary>
internal sealed class BatcherObject
{
    [JsonPropertyName("maxBatchSize")]
    public int? MaxBatchSize { get; set; }

    [JsonPropertyName("maxLatency")]
    public long? MaxLatency { get; set; }

    [JsonPropertyName("timeout")]
    public long? Timeout { get; set; }
}

/// <summary>KServe's payload logger.</summary>
internal sealed class LoggerObject
{
    [JsonPropertyName("mode")]
    public string Mode { get; set; } = "all";

    [JsonPropertyName("url")]
    public string? Url { get; set; }
}

/// <summary>
/// KServe's <c>ClusterServingRuntime</c>: Modelplane's predictor image offered to every namespace for ONNX models, so an
/// InferenceService that names it runs the same server as a local run.
/// </summary>
internal sealed class ClusterServingRuntimeObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "serving.kserve.io/v1alpha1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "ClusterServingRuntime";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public ServingRuntimeSpecObject Spec { get; set; } = new();
}

/// <summary>The formats, protocols and container of a serving runtime.</summary>
internal sealed class ServingRuntimeSpecObject
{
    [JsonPropertyName("containers")]
    public IList<V1Container> Containers { get; set; } = [];

    [JsonPropertyName("protocolVersions")]
    public IList<string> ProtocolVersions { get; set; } = [];

    [JsonPropertyName("supportedModelFormats")]
    public IList<SupportedFormatObject> SupportedModelFormats { get; set; } = [];
}

/// <summary>A format a serving runtime serves.</summary>
internal sealed class SupportedFormatObject
{
    [JsonPropertyName("autoSelect")]
    public bool AutoSelect { get; set; }

    [JsonPropertyName("name")]
    public string Name { get; set; } = "onnx";
}
