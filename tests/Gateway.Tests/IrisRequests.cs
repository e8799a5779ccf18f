using System.Text.Json.Nodes;

namespace Modelplane.Gateway.Tests;

/// <summary>Iris requests in the protocols the gateway routes, and how to read which replica answered one.</summary>
internal static class IrisRequests
{
    /// <summary>The first flower of iris.csv, a clear setosa.</summary>
    public static readonly float[] SetosaRow = IrisData.Features[0];

    /// <summary>An Open Inference Protocol v2 request for the setosa row, asking for the top label as text.</summary>
    public static readonly string V2Classify = new JsonObject
    {
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "input",
            ["datatype"] = "FP32",
            ["shape"] = new JsonArray(1, 4),
            ["data"] = new JsonArray([.. SetosaRow.Select(v => (JsonNode)v)]),
        }),
        ["outputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "probabilities",
            ["parameters"] = new JsonObject { ["classification"] = 1 },
        }),
    }.ToJsonString();

    /// <summary>A KServe v1 predict request for the setosa row.</summary>
    public static readonly string V1Predict = new JsonObject
    {
        ["instances"] = new JsonArray(new JsonArray([.. SetosaRow.Select(v => (JsonNode)v)])),
    }.ToJsonString();

    /// <summary>A v2 classification answer of <paramref name="label"/>, as a stand-in replica gives it.</summary>
    public static string V2Answer(string label) => new JsonObject
    {
        ["outputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "label",
            ["datatype"] = "BYTES",
            ["shape"] = new JsonArray(1),
            ["data"] = new JsonArray($"0.9:0:{label}"),
        }),
    }.ToJsonString();

    /// <summary>The label of a v2 classification answer (<c>"score:index:label"</c>), which names the replica that gave it.</summary>
    public static string Label(string v2Answer)
    {
        var text = JsonNode.Parse(v2Answer)!["outputs"]![0]!["data"]![0]!.GetValue<string>();
        return text[(text.LastIndexOf(':') + 1)..];
    }
}
