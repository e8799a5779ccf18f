namespace Modelplane.Serving.Routing;

/// <summary>One node of an InferenceGraph: how it routes (<see cref="GraphRouterType"/>) and the steps it routes to.</summary>
public sealed class GraphNodeRoute
{
    public required GraphRouterType RouterType { get; init; }

    public IReadOnlyList<GraphStepRoute> Steps { get; set; } = [];
}
