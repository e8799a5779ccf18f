using System.Text.Json.Serialization;

namespace Modelplane.Serving.Routing;

/// <summary>What a Sequence step is sent: the graph's request (<c>$request</c>, KServe's default) or the previous step's response (<c>$response</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GraphStepData>))]
public enum GraphStepData
{
    [JsonStringEnumMemberName("$request")]
    Request,

    [JsonStringEnumMemberName("$response")]
    Response,
}
