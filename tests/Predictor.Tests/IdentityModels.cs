extern alias modelbuilder;

using modelbuilder::Modelplane.ModelBuilder.Onnx;
using Modelplane.Serving.Tensors;
using OnnxDataType = modelbuilder::Modelplane.ModelBuilder.Onnx.TensorProto.Types.DataType;

namespace Modelplane.Predictor.Tests;

/// <summary>
/// ONNX models built on the fly with the repository's graph writer: <c>y = Identity(x)</c> over a tensor of any
/// length, one per datatype, so what comes back must be exactly what went in.
/// </summary>
internal static class IdentityModels
{
    /// <summary>Every datatype of the protocol.</summary>
    public static IReadOnlyList<TensorDataType> DataTypes { get; } = [.. Enum.GetValues<TensorDataType>().Where(t => t != TensorDataType.Invalid)];

    /// <summary>The model name for a datatype: <c>identity-fp32</c>, ...</summary>
    public static string Name(TensorDataType dataType) => $"identity-{dataType.ToProtocolName().ToLowerInvariant()}";

    /// <summary>The .onnx file of the identity model for <paramref name="dataType"/>.</summary>
    public static byte[] Build(TensorDataType dataType)
    {
        var elementType = ToOnnx(dataType);
        var graph = new OnnxGraphBuilder(Name(dataType));
        graph.AddInput("x", elementType, ["n"]);
        graph.AddNode("Identity", ["x"], ["y"]);
        graph.AddOutput("y", elementType, ["n"]);
        return graph.ToBytes();
    }

    private static OnnxDataType ToOnnx(TensorDataType dataType) => dataType switch
    {
        TensorDataType.Bool => OnnxDataType.Bool,
        TensorDataType.UInt8 => OnnxDataType.Uint8,
        TensorDataType.UInt16 => OnnxDataType.Uint16,
        TensorDataType.UInt32 => OnnxDataType.Uint32,
        TensorDataType.UInt64 => OnnxDataType.Uint64,
        TensorDataType.Int8 => OnnxDataType.Int8,
        TensorDataType.Int16 => OnnxDataType.Int16,
        TensorDataType.Int32 => OnnxDataType.Int32,
        TensorDataType.Int64 => OnnxDataType.Int64,
        TensorDataType.FP16 => OnnxDataType.Float16,
        TensorDataType.FP32 => OnnxDataType.Float,
        TensorDataType.FP64 => OnnxDataType.Double,
        TensorDataType.BF16 => OnnxDataType.Bfloat16,
        TensorDataType.Bytes => OnnxDataType.String,
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "not a tensor datatype"),
    };
}
