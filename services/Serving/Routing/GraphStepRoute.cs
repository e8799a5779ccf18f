using System.Text.Json.Serialization;

namespace Modelplane.Serving.Routing;

/// <summary>
/// One step of an InferenceGraph node: exactly one target (an InferenceService, a URL or another node), the data it is
/// sent, and the condition, weight and dependency its node's router reads.
/// </summary>
public sealed class GraphStepRoute
{
    public string? Name { get; init; }

    /// <summary>An InferenceService of the graph's namespace.</summary>
    public string? ServiceName { get; init; }

    public string? ServiceUrl { get; init; }

    /// <summary>Another node of the graph.</summary>
    public string? NodeName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public GraphStepData Data { get; set; }

    /// <summary>A GJSON path (Modelplane's subset, <c>Modelplane.Serving.Graphs.GjsonPath</c>): the step is taken when it selects something.</summary>
    public string? Condition { get; init; }

    /// <summary>The step's share of a Splitter node's traffic, in percent.</summary>
    public int? Weight { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public GraphStepDependency Dependency { get; set; }
}
