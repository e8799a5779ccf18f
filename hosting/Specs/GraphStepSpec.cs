using Modelplane.Serving.Routing;

namespace Modelplane.Hosting.Specs;

/// <summary>
/// One step of an InferenceGraph node, as KServe's <c>InferenceStep</c>: exactly one of <see cref="ServiceName"/>,
/// <see cref="ServiceUrl"/> and <see cref="NodeName"/>, and what its node's router reads of it.
/// </summary>
public sealed record GraphStepSpec
{
    /// <summary>The step's name, unique in its node; an Ensemble keys each step's response by it.</summary>
    public string? Name { get; init; }

    public string? ServiceName { get; init; }

    public string? ServiceUrl { get; init; }

    public string? NodeName { get; init; }

    public GraphStepData Data { get; init; }

    /// <summary>A GJSON path the request (Switch) or previous response (Sequence) must select something with.</summary>
    public string? Condition { get; init; }

    /// <summary>The step's share of a Splitter node's traffic, in percent; only a Splitter's steps have one.</summary>
    public int? Weight { get; init; }

    public GraphStepDependency Dependency { get; init; }

    /// <summary>The step as a gateway's route table carries it.</summary>
    public GraphStepRoute ToRoute() => new()
    {
        Name = Name,
        ServiceName = ServiceName,
        ServiceUrl = ServiceUrl,
        NodeName = NodeName,
        Data = Data,
        Condition = Condition,
        Weight = Weight,
        Dependency = Dependency,
    };
}
