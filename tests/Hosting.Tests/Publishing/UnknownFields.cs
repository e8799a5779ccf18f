using k8s;
using YamlDotNet.RepresentationModel;

namespace Modelplane.Hosting.Tests.Publishing;

/// <summary>
/// Our own unknown-field check, which the schemas of kubernetes-models do not make (they accept any extra field): each
/// document of a Kubernetes kind is read into KubernetesClient's typed object and written again, and every field of the
/// original that did not survive is one KubernetesClient's types, generated from the API, do not have, such as a misspelt
/// <c>replcas</c>. Kinds that are not Kubernetes' own are left to their own checks.
/// </summary>
internal static class UnknownFields
{
    // KubernetesClient has no types for these. The schema check refuses unknown fields of the HTTP add-on's kinds;
    // KEDA's package, like kubernetes-models, does not, and Modelplane's typed ScaledObject has only KEDA's fields.
    private static readonly string[] OtherKinds = ["kustomize.config.k8s.io/", "serving.kserve.io/", "keda.sh/", "http.keda.sh/"];

    public static IReadOnlyList<string> Find(string yaml)
    {
        var problems = new List<string>();
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root || Text(root, "apiVersion") is not { } apiVersion || Text(root, "kind") is not { } kind)
            {
                continue;
            }

            if (OtherKinds.Any(group => apiVersion.StartsWith(group, StringComparison.Ordinal)))
            {
                continue;
            }

            var text = Serialize(document);
            var typed = KubernetesYaml.LoadAllFromString(text).Single();
            var again = new YamlStream();
            again.Load(new StringReader(KubernetesYaml.Serialize(typed)));
            var name = root.Children.TryGetValue("metadata", out var metadata) && metadata is YamlMappingNode meta ? Text(meta, "name") : null;
            Compare(root, again.Documents[0].RootNode, string.Empty, $"{kind}/{name}", problems);
        }

        return problems;
    }

    private static void Compare(YamlNode original, YamlNode roundTripped, string path, string where, List<string> problems)
    {
        switch (original)
        {
            case YamlMappingNode map when roundTripped is YamlMappingNode kept:
                foreach (var (key, value) in map.Children)
                {
                    var field = path.Length == 0 ? key.ToString() : $"{path}.{key}";
                    if (!kept.Children.TryGetValue(key, out var keptValue))
                    {
                        problems.Add($"{where}: {field}: unknown field");
                        continue;
                    }

                    Compare(value, keptValue, field, where, problems);
                }

                break;
            case YamlSequenceNode list when roundTripped is YamlSequenceNode keptList:
                for (var i = 0; i < Math.Min(list.Children.Count, keptList.Children.Count); i++)
                {
                    Compare(list.Children[i], keptList.Children[i], $"{path}[{i}]", where, problems);
                }

                break;
        }
    }

    private static string? Text(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    private static string Serialize(YamlDocument document)
    {
        using var writer = new StringWriter();
        new YamlStream(document).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
