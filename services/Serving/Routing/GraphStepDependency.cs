using System.Text.Json.Serialization;

namespace Modelplane.Serving.Routing;

/// <summary>Whether a step's failure ends its node with that failure (<c>Hard</c>) or the node goes on (<c>Soft</c>, KServe's default).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GraphStepDependency>))]
public enum GraphStepDependency
{
    Soft,

    Hard,
}
