using System.Globalization;
using Modelplane.ModelBuilder.Onnx;
using Modelplane.ModelBuilder.Repository;
using DataType = Modelplane.ModelBuilder.Onnx.TensorProto.Types.DataType;

namespace Modelplane.ModelBuilder.Mlp;

/// <summary>
/// A multilayer perceptron the size of a small production classifier (256 features, two hidden layers of 4,096, 16
/// classes), with fixed pseudo-random weights: what it computes is meaningless, what it costs is the point. At one row
/// per run it streams all 72 MB of weights, more than a CPU cache holds, for each row; batched, it reads them once per
/// batch, which is what dynamic batching is measured on. Not committed: the benchmark builds it, the same bytes every time.
/// </summary>
internal static class MlpModel
{
    public const string Name = "mlp";
    public const int Version = 1;
    public const int Features = 256;
    public const int Hidden = 4096;
    public const int Classes = 16;
    private const int Seed = 20261130;

    public static BuiltModel Build() => new(
        Name,
        Version,
        ToOnnx().ToBytes(),
        Config: null,
        string.Create(CultureInfo.InvariantCulture, $"MLP {Features} -> {Hidden} -> {Hidden} -> {Classes} with ReLU and softmax, fixed pseudo-random weights ({ParameterCount():N0} parameters)"));

    /// <summary>Input `input` float [batch, 256]; output `probabilities` float [batch, 16].</summary>
    public static OnnxGraphBuilder ToOnnx()
    {
        var random = new Random(Seed);
        var graph = new OnnxGraphBuilder(Name)
        {
            DocString = "A benchmark MLP: 256 features, two hidden layers of 4096 with ReLU, 16 classes; weights are fixed pseudo-random numbers.",
        };
        graph.AddInput("input", DataType.Float, ["batch", Features]);
        var previous = "input";
        var width = Features;
        foreach (var (layer, outputs) in new[] { ("hidden1", Hidden), ("hidden2", Hidden), ("logits", Classes) })
        {
            // He-style scale keeps activations in range through the layers, so the softmax is not all ones and zeros.
            var scale = (float)Math.Sqrt(2.0 / width);
            graph.AddInitializer($"{layer}_weights", [width, outputs], Values(random, width * outputs, scale))
                .AddInitializer($"{layer}_biases", [outputs], Values(random, outputs, 0.01f));
            graph.AddNode("Gemm", [previous, $"{layer}_weights", $"{layer}_biases"], [layer == "logits" ? "logits" : $"{layer}_linear"]);
            if (layer != "logits")
            {
                graph.AddNode("Relu", [$"{layer}_linear"], [layer]);
            }

            previous = layer;
            width = outputs;
        }

        graph.AddNode("Softmax", ["logits"], ["probabilities"]).WithAttribute("axis", 1);
        graph.AddOutput("probabilities", DataType.Float, ["batch", Classes]);
        graph.AddMetadata("purpose", "batching benchmark: fixed pseudo-random weights, meaningless predictions");
        return graph;
    }

    private static long ParameterCount() => ((long)Features * Hidden) + Hidden + ((long)Hidden * Hidden) + Hidden + ((long)Hidden * Classes) + Classes;

    private static float[] Values(Random random, int count, float scale)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1) * scale;
        }

        return values;
    }
}
