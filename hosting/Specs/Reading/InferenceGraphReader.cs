using Modelplane.Serving.Routing;

namespace Modelplane.Hosting.Specs.Reading;

/// <summary>
/// KServe's <c>serving.kserve.io/v1alpha1</c> InferenceGraph: its nodes and steps read field by field, then checked as a
/// whole by <see cref="InferenceGraphValidator"/>, each problem reported at the line of the field it names.
/// </summary>
internal sealed class InferenceGraphReader : ISpecKind
{
    private const string NodeExample = "root: {routerType: Sequence, steps: [{serviceName: NAME}]}";

    // Fields of KServe's InferenceGraphSpec about the router's pods; Modelplane has no router pod to give them to.
    private static readonly string[] PodFields =
        ["resources", "affinity", "tolerations", "nodeSelector", "nodeName", "serviceAccountName", "routerTimeouts", "scaleTarget", "scaleMetric"];

    private static readonly (string, GraphRouterType)[] RouterTypes =
        [("Sequence", GraphRouterType.Sequence), ("Switch", GraphRouterType.Switch), ("Ensemble", GraphRouterType.Ensemble), ("Splitter", GraphRouterType.Splitter)];

    private static readonly (string, GraphStepData)[] Data = [("$request", GraphStepData.Request), ("$response", GraphStepData.Response)];

    private static readonly (string, GraphStepDependency)[] Dependencies = [("Soft", GraphStepDependency.Soft), ("Hard", GraphStepDependency.Hard)];

    private static readonly string[] StepTargets = ["serviceName", "serviceUrl", "nodeName"];

    public string ApiGroup => "serving.kserve.io";

    public string Kind => "InferenceGraph";

    public IReadOnlyList<string> Versions { get; } = ["v1alpha1"];

    /// <summary>Reads one InferenceGraph document; null when it has errors, which are reported in its document.</summary>
    public static InferenceGraphSpec? Read(YamlMap document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var context = document.Document;
        var meta = ObjectMeta.Read(document, "model-chainer");
        var spec = document.ObjectSpec("an InferenceGraph", $"add spec: {{nodes: {{{NodeExample}}}}}");
        if (spec is null)
        {
            return null;
        }

        var lines = new Dictionary<string, int>(StringComparer.Ordinal) { ["nodes"] = spec.LineOf("nodes") };
        var nodes = spec.NamedMaps("nodes").Select(n => ReadNode(n.Name, n.Map, lines)).ToList();
        if (!spec.Has("nodes"))
        {
            spec.Missing("nodes", $"add nodes: {{{NodeExample}}}");
        }

        var timeout = spec.Int("timeout", min: 1);
        var minReplicas = spec.Int("minReplicas");
        var maxReplicas = spec.Int("maxReplicas", min: 1);
        foreach (var field in PodFields)
        {
            spec.Note(field, "sets the pods of KServe's graph router; Modelplane reads it and ignores it, as it runs no router pod");
        }

        spec.ReportUnknown("an InferenceGraph spec (nodes, timeout, minReplicas, maxReplicas)");
        if (meta is null || context.HasErrors)
        {
            return null;
        }

        var graph = new InferenceGraphSpec
        {
            Name = meta.Name,
            Namespace = meta.Namespace,
            Nodes = EquatableList.From(nodes.OfType<GraphNodeSpec>()),
            TimeoutSeconds = timeout,
            MinReplicas = minReplicas,
            MaxReplicas = maxReplicas,
        };
        foreach (var (field, message) in InferenceGraphValidator.Check(graph))
        {
            context.Error(LineOf(lines, field, spec.Line), $"{spec.Field(field)}", message);
        }

        if (context.HasErrors)
        {
            return null;
        }

        context.Note(document.LineOf("kind"), "kind", $"InferenceGraph {graph.Name} is read and checked; Modelplane does not route graphs yet");
        return graph;
    }

    private static GraphNodeSpec? ReadNode(string name, YamlMap node, Dictionary<string, int> lines)
    {
        var field = $"nodes.{name}";
        lines[field] = node.Line;
        lines[$"{field}.steps"] = node.LineOf("steps");
        var routerType = node.Choice("routerType", RouterTypes);
        if (routerType is null && !node.Has("routerType"))
        {
            node.Missing("routerType", "write one of Sequence, Switch, Ensemble, Splitter");
        }

        var steps = node.Maps("steps").Select((step, i) => ReadStep(step, $"{field}.steps[{i}]", lines)).ToList();
        node.ReportUnknown("an InferenceGraph node (routerType, steps)");
        return routerType is { } type ? new GraphNodeSpec(name, type, EquatableList.From(steps)) : null;
    }

    private static GraphStepSpec ReadStep(YamlMap step, string field, Dictionary<string, int> lines)
    {
        lines[field] = step.Line;
        foreach (var key in StepTargets.Concat(["name", "weight", "condition"]))
        {
            lines[$"{field}.{key}"] = step.LineOf(key);
        }

        step.Warn("mapPredictionsToInstances", "is not supported yet; the step is sent its data unchanged, so map predictions to instances in a transformer");
        var read = new GraphStepSpec
        {
            Name = step.String("name"),
            ServiceName = step.String("serviceName"),
            ServiceUrl = step.String("serviceUrl"),
            NodeName = step.String("nodeName"),
            Data = step.Choice("data", Data) ?? GraphStepData.Request,
            Condition = step.String("condition"),
            Weight = step.Int("weight", max: 100),
            Dependency = step.Choice("dependency", Dependencies) ?? GraphStepDependency.Soft,
        };
        step.ReportUnknown("an InferenceGraph step (name, serviceName, serviceUrl, nodeName, data, condition, weight, dependency)");
        return read;
    }

    // A problem names a field relative to the spec; it is reported at that field's line, else at the nearest enclosing one written.
    private static int LineOf(Dictionary<string, int> lines, string field, int fallback)
    {
        for (var at = field; at.Length > 0; at = at[..Math.Max(0, at.LastIndexOfAny(['.', '[']))])
        {
            if (lines.TryGetValue(at, out var line))
            {
                return line;
            }
        }

        return fallback;
    }
}
