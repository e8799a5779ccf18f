using Modelplane.Serving.Routing;

namespace Modelplane.Hosting.Specs;

/// <summary>
/// One KServe InferenceGraph (<c>serving.kserve.io/v1alpha1</c>): nodes by name, the request entering at
/// <c>root</c>, each routing to InferenceServices, URLs or other nodes.
/// </summary>
public sealed record InferenceGraphSpec
{
    /// <summary>The graph's name: a DNS label, the first part of its host name.</summary>
    public required string Name { get; init; }

    public string Namespace { get; init; } = "default";

    /// <summary>The nodes in the order written; their names are unique and one is <see cref="GraphRoute.RootNode"/>.</summary>
    public required EquatableList<GraphNodeSpec> Nodes { get; init; }

    /// <summary>KServe's <c>timeout</c>: seconds a request through the graph may take; null for the gateway's default.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>KServe's <c>minReplicas</c> of the graph's router.</summary>
    public int? MinReplicas { get; init; }

    /// <summary>KServe's <c>maxReplicas</c> of the graph's router.</summary>
    public int? MaxReplicas { get; init; }

    /// <summary>Where the graph was read from; null when code built it. Not part of equality: it says where, not what.</summary>
    public SpecSource? Source { get; init; }

    /// <summary>The node named <paramref name="name"/>, or null.</summary>
    public GraphNodeSpec? FindNode(string name) => Nodes.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.Ordinal));

    /// <summary>The graph as a gateway's route table carries it.</summary>
    public GraphRoute ToRoute() => new()
    {
        Name = Name,
        Namespace = Namespace,
        TimeoutSeconds = TimeoutSeconds,
        Nodes = Nodes.ToDictionary(n => n.Name, n => n.ToRoute(), StringComparer.Ordinal),
    };

    public bool Equals(InferenceGraphSpec? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Namespace, other.Namespace, StringComparison.Ordinal)
        && Nodes.Equals(other.Nodes)
        && TimeoutSeconds == other.TimeoutSeconds
        && MinReplicas == other.MinReplicas
        && MaxReplicas == other.MaxReplicas;

    public override int GetHashCode() => HashCode.Combine(Name, Namespace, Nodes, TimeoutSeconds, MinReplicas, MaxReplicas);
}
