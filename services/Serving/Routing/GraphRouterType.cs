using System.Text.Json.Serialization;

namespace Modelplane.Serving.Routing;

/// <summary>How an InferenceGraph node routes, as KServe's router does.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GraphRouterType>))]
public enum GraphRouterType
{
    /// <summary>Each step in turn; a step with <see cref="GraphStepData.Response"/> is sent the previous step's response, and a condition not met on it ends the sequence with that response.</summary>
    Sequence,

    /// <summary>The first step whose condition the request meets; none met is an error.</summary>
    Switch,

    /// <summary>Every step at once, the responses merged into one object by step name.</summary>
    Ensemble,

    /// <summary>One step picked at random by weight; the weights add up to 100.</summary>
    Splitter,
}
