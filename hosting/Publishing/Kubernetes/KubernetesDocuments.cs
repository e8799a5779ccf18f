using k8s;

namespace Modelplane.Hosting.Publishing.Kubernetes;

/// <summary>Typed objects as one YAML file of documents, in the order given, as <c>kubectl</c> and kustomize read them.</summary>
internal static class KubernetesDocuments
{
    public static string ToYaml(IEnumerable<object> objects) =>
        string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o).ReplaceLineEndings("\n").TrimEnd('\n') + "\n"));
}
