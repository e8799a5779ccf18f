using System.Globalization;
using Modelplane.ModelBuilder.Onnx;
using Modelplane.ModelBuilder.Repository;
using DataType = Modelplane.ModelBuilder.Onnx.TensorProto.Types.DataType;

namespace Modelplane.ModelBuilder.Identity;

/// <summary>
/// The identity sample model: one image-sized FP32 tensor in, the same tensor out, so that serving it measures what
/// moving the tensor through a protocol costs rather than what a model computes.
/// </summary>
internal static class IdentityModel
{
    public const string Name = "identity";
    public const int Version = 1;
    public const string InputName = "input";
    public const string OutputName = "output";

    /// <summary>Gets the shape after the batch dimension: channels, height, width, as an ImageNet-sized image.</summary>
    public static IReadOnlyList<long> ImageShape { get; } = [3, 224, 224];

    /// <summary>Gets the size of one image, batch size 1: 3 × 224 × 224 elements of 4 bytes.</summary>
    public static long ImageBytes { get; } = ImageShape.Aggregate(1L, (product, dim) => product * dim) * sizeof(float);

    public static BuiltModel Build() => new(
        Name,
        Version,
        ToOnnx().ToBytes(),
        Config: null,
        string.Create(CultureInfo.InvariantCulture, $"ONNX Identity on FP32 [batch, {string.Join(", ", ImageShape)}] ({ImageBytes:N0} bytes per image)"));

    /// <summary>
    /// Lays out the contract: input `input` float [batch, 3, 224, 224], output `output` float of the same shape, written by one
    /// ONNX Identity node. ONNX Runtime keeps that node (it removes an Identity only where its output is not a graph output),
    /// so every request is a real run that copies the tensor into a new output buffer.
    /// </summary>
    public static OnnxGraphBuilder ToOnnx()
    {
        TensorDimension[] shape = ["batch", .. ImageShape.Select(dim => (TensorDimension)dim)];
        var graph = new OnnxGraphBuilder(Name)
        {
            DocString = "Returns its FP32 [batch, 3, 224, 224] input unchanged, to measure the transport cost of an image-sized tensor.",
        };

        graph.AddInput(InputName, DataType.Float, shape);
        graph.AddNode("Identity", [InputName], [OutputName]);
        graph.AddOutput(OutputName, DataType.Float, shape);
        graph.AddMetadata("purpose", "transport benchmark: the output is the input, bit for bit");
        return graph;
    }
}
