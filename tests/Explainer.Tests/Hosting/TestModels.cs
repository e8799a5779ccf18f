extern alias modelbuilder;

using modelbuilder::Modelplane.ModelBuilder.Onnx;
using OnnxDataType = modelbuilder::Modelplane.ModelBuilder.Onnx.TensorProto.Types.DataType;

namespace Modelplane.Explainer.Tests.Hosting;

/// <summary>ONNX models built on the fly with the repository's graph writer, each with an explanation known in advance.</summary>
internal static class TestModels
{
    /// <summary>
    /// A linear regression, <c>y = x · weights + bias</c>: input <c>x</c> FP32 [batch, features], output <c>y</c> FP32 [batch, 1].
    /// Against background data with independent features, its exact Shapley values are <c>w_i (x_i − mean_i)</c>.
    /// </summary>
    public static byte[] LinearRegression(IReadOnlyList<double> weights, double bias)
    {
        var graph = new OnnxGraphBuilder("linear");
        graph.AddInput("x", OnnxDataType.Float, ["batch", weights.Count])
            .AddInitializer("w", [weights.Count, 1], [.. weights.Select(w => (float)w)])
            .AddInitializer("b", [1], [(float)bias]);
        graph.AddNode("MatMul", ["x", "w"], ["xw"]);
        graph.AddNode("Add", ["xw", "b"], ["y"]);
        graph.AddOutput("y", OnnxDataType.Float, ["batch", 1]);
        return graph.ToBytes();
    }

    /// <summary>
    /// A softmax classifier, <c>softmax(x · weights + biases)</c>: input <c>x</c> FP32 [batch, features], output
    /// <c>probabilities</c> FP32 [batch, classes]; <paramref name="weights"/> is [feature, class].
    /// </summary>
    public static byte[] Softmax(double[,] weights, IReadOnlyList<double> biases)
    {
        var (features, classes) = (weights.GetLength(0), weights.GetLength(1));
        var graph = new OnnxGraphBuilder("softmax");
        graph.AddInput("x", OnnxDataType.Float, ["batch", features])
            .AddInitializer("w", [features, classes], [.. weights.Cast<double>().Select(w => (float)w)])
            .AddInitializer("b", [classes], [.. biases.Select(b => (float)b)]);
        graph.AddNode("MatMul", ["x", "w"], ["logits0"]);
        graph.AddNode("Add", ["logits0", "b"], ["logits"]);
        graph.AddNode("Softmax", ["logits"], ["probabilities"]).WithAttribute("axis", 1);
        graph.AddOutput("probabilities", OnnxDataType.Float, ["batch", classes]);
        return graph.ToBytes();
    }

    /// <summary>
    /// An image model where only one region matters: input <c>image</c> FP32 [batch, 1, side, side], output <c>scores</c>
    /// FP32 [batch, 2], class 0 the sum of the pixels inside <paramref name="region"/> and class 1 minus that sum; every
    /// other pixel has weight 0.
    /// </summary>
    public static byte[] RegionImage(int side, ImageRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var weights = new float[side * side * 2];
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var inside = region.Contains(y, x) ? 1f : 0f;
                weights[(((y * side) + x) * 2) + 0] = inside;
                weights[(((y * side) + x) * 2) + 1] = -inside;
            }
        }

        var graph = new OnnxGraphBuilder("region");
        graph.AddInput("image", OnnxDataType.Float, ["batch", 1, side, side])
            .AddInitializer("w", [side * side, 2], weights);
        graph.AddNode("Flatten", ["image"], ["pixels"]).WithAttribute("axis", 1);
        graph.AddNode("MatMul", ["pixels", "w"], ["scores"]);
        graph.AddOutput("scores", OnnxDataType.Float, ["batch", 2]);
        return graph.ToBytes();
    }
}
