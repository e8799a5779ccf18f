extern alias modelbuilder;

using modelbuilder::Modelplane.ModelBuilder.Onnx;
using OnnxDataType = modelbuilder::Modelplane.ModelBuilder.Onnx.TensorProto.Types.DataType;

namespace Modelplane.Transformer.Tests.Images;

/// <summary>
/// Small ONNX models built on the fly with the repository's graph writer, so what the transformer sends the predictor
/// can be checked number by number: a colour classifier, and identity models that hand the tensor back.
/// </summary>
internal static class TestModels
{
    /// <summary>The colour classifier's labels, in channel order.</summary>
    public static readonly string[] Colours = ["red", "green", "blue"];

    /// <summary>
    /// <c>colours</c>: <c>image</c> FP32 [n, 3, h, w] → <c>means</c> FP32 [n, 3], each channel's mean: the class is the
    /// image's strongest colour.
    /// </summary>
    public static byte[] ColourClassifier()
    {
        var graph = new OnnxGraphBuilder("colours");
        graph.AddInput("image", OnnxDataType.Float, ["n", 3, "h", "w"]);
        graph.AddNode("ReduceMean", ["image"], ["means"]).WithAttribute("axes", [2L, 3L]).WithAttribute("keepdims", 0L);
        graph.AddOutput("means", OnnxDataType.Float, ["n", 3]);
        return graph.ToBytes();
    }

    /// <summary><c>y = x</c> over a tensor of rank <paramref name="rank"/> and any size, of FP32 or INT64.</summary>
    public static byte[] Identity(int rank, bool int64 = false)
    {
        var type = int64 ? OnnxDataType.Int64 : OnnxDataType.Float;
        TensorDimension[] shape = [.. Enumerable.Range(0, rank).Select(d => (TensorDimension)$"d{d}")];
        var graph = new OnnxGraphBuilder("identity");
        graph.AddInput("x", type, shape);
        graph.AddNode("Identity", ["x"], ["y"]);
        graph.AddOutput("y", type, shape);
        return graph.ToBytes();
    }

    /// <summary><c>tokens</c>: <c>input_ids</c> and <c>attention_mask</c> INT64 [n, l] handed back as <c>ids</c> and <c>mask</c>.</summary>
    public static byte[] Tokens()
    {
        var graph = new OnnxGraphBuilder("tokens");
        graph.AddInput("input_ids", OnnxDataType.Int64, ["n", "l"]);
        graph.AddInput("attention_mask", OnnxDataType.Int64, ["n", "l"]);
        graph.AddNode("Identity", ["input_ids"], ["ids"]);
        graph.AddNode("Identity", ["attention_mask"], ["mask"]);
        graph.AddOutput("ids", OnnxDataType.Int64, ["n", "l"]);
        graph.AddOutput("mask", OnnxDataType.Int64, ["n", "l"]);
        return graph.ToBytes();
    }
}
