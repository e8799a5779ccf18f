using YamlDotNet.RepresentationModel;

namespace Modelplane.Hosting.Specs.Reading;

/// <summary>
/// Sends each YAML document to the reader of its dialect by <c>apiVersion</c> and <c>kind</c>: an inference service's,
/// or KServe's InferenceGraph's. Documents of other kinds (a Namespace beside a PaddleService) are skipped with a note;
/// a known kind in an unknown dialect is an error.
/// </summary>
internal static class DialectTable
{
    private static readonly ISpecDialect[] Dialects =
    [
        new KServeReader("serving.kserve.io"),
        new KfServingReader(),

        // KFServing's v1beta1 is KServe's v1beta1 before the project was renamed.
        new KServeReader("serving.kubeflow.org"),
        new KubeDlReader(),
        new PaddleServiceReader(),
    ];

    private static readonly InferenceGraphReader Graphs = new();

    private static readonly ISpecKind[] Kinds = [.. Dialects, Graphs];

    /// <summary>
    /// Reads one YAML document of <paramref name="file"/>: each object it holds (one, or the items of a <c>List</c>),
    /// with its diagnostics and its spec or graph, or neither when it is another kind or has errors.
    /// </summary>
    public static IEnumerable<(InferenceServiceSpec? Spec, InferenceGraphSpec? Graph, SpecDocument Document)> Read(YamlNode root, string file)
    {
        if (root is YamlMappingNode mapping
            && mapping.Children.TryGetValue(new YamlScalarNode("kind"), out var kind) && kind is YamlScalarNode { Value: "List" }
            && mapping.Children.TryGetValue(new YamlScalarNode("items"), out var items) && items is YamlSequenceNode list)
        {
            // kubectl get -o yaml writes several objects as one List; each item is read as an object of its own.
            return list.Children.SelectMany(item => Read(item, file));
        }

        var document = new SpecDocument(file);
        var (spec, graph) = ReadObject(root, document);
        return [(spec, graph, document)];
    }

    private static (InferenceServiceSpec? Spec, InferenceGraphSpec? Graph) ReadObject(YamlNode root, SpecDocument document)
    {
        if (root is YamlScalarNode { Value: null or "" })
        {
            return default;
        }

        if (root is not YamlMappingNode mapping)
        {
            document.Error(YamlMap.LineOf(root), "(document)", "expected a Kubernetes object (apiVersion, kind, metadata, spec), got a YAML value that is not a mapping");
            return default;
        }

        var map = new YamlMap(mapping, string.Empty, YamlMap.LineOf(root), document);
        var apiVersion = map.RequiredString("apiVersion", "name the dialect, e.g. apiVersion: serving.kserve.io/v1beta1");
        var kind = map.RequiredString("kind", "name the object's kind, e.g. kind: InferenceService");
        if (apiVersion is null || kind is null)
        {
            return default;
        }

        var slash = apiVersion.LastIndexOf('/');
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        var version = apiVersion[(slash + 1)..];
        var ofKind = Kinds.Where(d => d.Kind == kind).ToList();
        var dialect = ofKind.FirstOrDefault(d => d.ApiGroup == group && d.Versions.Contains(version));
        if (dialect is null)
        {
            if (ofKind.Count == 0)
            {
                document.Note(map.LineOf("kind"), "kind", $"{kind} ({apiVersion}) is not an inference service; skipped");
            }
            else
            {
                var known = ofKind.Where(d => d.ApiGroup == group).SelectMany(d => d.Versions.Select(v => $"{d.ApiGroup}/{v}")).ToList();
                var choices = known.Count > 0 ? known : [.. ofKind.SelectMany(d => d.Versions.Select(v => $"{d.ApiGroup}/{v}"))];
                map.Error("apiVersion", $"{apiVersion} {kind} is not a dialect Modelplane reads; write apiVersion: {string.Join(" or ", choices)}");
            }

            return default;
        }

        map.Accept("apiVersion", "kind", "status");
        var source = new SpecSource(document.File, map.Line, apiVersion, kind);
        if (dialect == Graphs)
        {
            var graph = InferenceGraphReader.Read(map);
            return (null, graph is null || document.HasErrors ? null : graph with { Source = source });
        }

        var spec = ((ISpecDialect)dialect).Read(map);
        return (spec is null || document.HasErrors ? null : spec with { Source = source with { Fields = document.Fields } }, null);
    }
}
