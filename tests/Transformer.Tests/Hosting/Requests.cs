using System.Text.Json.Nodes;

namespace Modelplane.Transformer.Tests.Hosting;

/// <summary>Request bodies as clients write them, and the parts of answers tests look at.</summary>
internal static class Requests
{
    /// <summary>KServe's v1 image form: <c>{"instances": [{"image_bytes": {"b64": "..."}}, ...]}</c>.</summary>
    public static JsonObject V1Images(params byte[][] images) => new()
    {
        ["instances"] = new JsonArray([.. images.Select(i => (JsonNode)new JsonObject { ["image_bytes"] = new JsonObject { ["b64"] = Convert.ToBase64String(i) } })]),
    };

    /// <summary>A v2 request with one BYTES input of the images, each as <c>{"b64": "..."}</c>.</summary>
    public static JsonObject V2Images(string input, params byte[][] images) => new()
    {
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = input,
            ["datatype"] = "BYTES",
            ["shape"] = new JsonArray(images.Length),
            ["data"] = new JsonArray([.. images.Select(i => (JsonNode)new JsonObject { ["b64"] = Convert.ToBase64String(i) })]),
        }),
    };

    /// <summary>A v1 request of named-feature rows.</summary>
    public static JsonObject V1Rows(params JsonObject[] rows) => new() { ["instances"] = new JsonArray([.. rows]) };

    /// <summary>The output of a name in a v2 answer.</summary>
    public static JsonNode Output(this JsonNode? body, string name) =>
        body?["outputs"]?.AsArray().FirstOrDefault(o => o?["name"]?.GetValue<string>() == name)
        ?? throw new InvalidOperationException($"no output '{name}' in {body?.ToJsonString()}");

    /// <summary>The data of an output, as numbers.</summary>
    public static double[] Numbers(this JsonNode output) => [.. output["data"]!.AsArray().Select(v => v!.GetValue<double>())];

    /// <summary>The data of an output, as strings.</summary>
    public static string[] Strings(this JsonNode output) => [.. output["data"]!.AsArray().Select(v => v!.GetValue<string>())];

    /// <summary>The shape of an output.</summary>
    public static long[] Shape(this JsonNode output) => [.. output["shape"]!.AsArray().Select(v => v!.GetValue<long>())];
}
