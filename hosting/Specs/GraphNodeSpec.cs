using Modelplane.Serving.Routing;

namespace Modelplane.Hosting.Specs;

/// <summary>One node of an InferenceGraph: its name, how it routes, and its steps in order.</summary>
public sealed record GraphNodeSpec(string Name, GraphRouterType RouterType, EquatableList<GraphStepSpec> Steps)
{
    /// <summary>The node as a gateway's route table carries it.</summary>
    public GraphNodeRoute ToRoute() => new() { RouterType = RouterType, Steps = [.. Steps.Select(s => s.ToRoute())] };
}
