using System.Globalization;
using Modelplane.ModelBuilder.Onnx;
using Modelplane.ModelBuilder.Repository;
using DataType = Modelplane.ModelBuilder.Onnx.TensorProto.Types.DataType;

namespace Modelplane.ModelBuilder.RowSum;

/// <summary>
/// A model with a large input and a tiny output: each row of 1,024 FP32 features becomes its sum. Serving it with tens of
/// megabytes of rows measures what a large request costs the server (parsing, buffers, memory) with the answer adding
/// almost nothing. Not committed: the request-memory benchmark builds it, the same bytes every time.
/// </summary>
internal static class RowSumModel
{
    public const string Name = "rowsum";
    public const int Version = 1;
    public const int Features = 1024;
    public const string InputName = "input";
    public const string OutputName = "sum";

    public static BuiltModel Build() => new(
        Name,
        Version,
        ToOnnx().ToBytes(),
        Config: null,
        string.Create(CultureInfo.InvariantCulture, $"ONNX ReduceSum of FP32 [batch, {Features}] into [batch, 1]"));

    /// <summary>Input `input` float [batch, 1024]; output `sum` float [batch, 1], by one ReduceSum over axis 1.</summary>
    public static OnnxGraphBuilder ToOnnx()
    {
        var graph = new OnnxGraphBuilder(Name)
        {
            DocString = "Sums each row of 1024 FP32 features, to measure what a large request costs the server.",
        };
        graph.AddInput(InputName, DataType.Float, ["batch", Features]);
        graph.AddInitializer("axes", [1], [1L]);
        graph.AddNode("ReduceSum", [InputName, "axes"], [OutputName]).WithAttribute("keepdims", 1);
        graph.AddOutput(OutputName, DataType.Float, ["batch", 1]);
        graph.AddMetadata("purpose", "request-memory benchmark: a large input, a one-number answer per row");
        return graph;
    }
}
