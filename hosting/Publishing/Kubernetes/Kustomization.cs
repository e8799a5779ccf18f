using System.Text.Json.Serialization;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>A <c>kustomization.yaml</c>: the files <c>kubectl apply -k</c> applies, and the namespace they go to.</summary>
internal sealed class Kustomization
{
    public const string FileName = "kustomization.yaml";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "kustomize.config.k8s.io/v1beta1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "Kustomization";

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("resources")]
    public IList<string> Resources { get; set; } = [];
}
