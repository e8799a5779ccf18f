using System.Net;
using System.Text.Json.Nodes;

namespace Modelplane.Explainer.Tests.Hosting;

/// <summary>The answer to an explain request: its status and body, and the parts of a v1 explanation the tests read.</summary>
internal sealed record ExplainAnswer(HttpStatusCode Status, JsonNode? Body, string Text)
{
    public string Error => Body?["error"]?.GetValue<string>() ?? throw new InvalidOperationException($"no error in {Text}");

    public JsonObject Metadata => Body?["metadata"]?.AsObject() ?? throw new InvalidOperationException($"no metadata in {Text}");

    public JsonArray Explanations => Body?["explanations"]?.AsArray() ?? throw new InvalidOperationException($"no explanations in {Text}");

    /// <summary>An instance's attributions of rows of features, [class][feature].</summary>
    public double[][] Attributions(int instance) =>
        [.. Explanations[instance]!["attributions"]!.AsArray().Select(perClass => Numbers(perClass!))];

    /// <summary>An instance's attributions of an image, [class][y][x].</summary>
    public double[][][] ImageAttributions(int instance) =>
        [.. Explanations[instance]!["attributions"]!.AsArray().Select(perClass => perClass!.AsArray().Select(row => Numbers(row!)).ToArray())];

    public double[] BaseValues(int instance) => Numbers(Explanations[instance]!["base_values"]!);

    public double[] OutputValues(int instance) => Numbers(Explanations[instance]!["output_values"]!);

    public long Calls => Metadata["predictor_calls"]!.GetValue<long>();

    public long Rows => Metadata["predictor_rows"]!.GetValue<long>();

    private static double[] Numbers(JsonNode node) => [.. node.AsArray().Select(value => value!.GetValue<double>())];
}
