namespace Modelplane.Serving.Routing;

/// <summary>
/// One InferenceGraph as a gateway runs it (KServe's router): its nodes by name, the request entering at <see cref="RootNode"/>.
/// </summary>
public sealed class GraphRoute
{
    /// <summary>KServe's name of the entry node; every graph has one.</summary>
    public const string RootNode = "root";

    public required string Name { get; init; }

    public string Namespace { get; set; } = "default";

    /// <summary>How long a request through the graph may take (KServe's <c>timeout</c>); null for the gateway's default.</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>The nodes by name, <see cref="RootNode"/> among them.</summary>
    public IReadOnlyDictionary<string, GraphNodeRoute> Nodes { get; set; } = new Dictionary<string, GraphNodeRoute>();
}
