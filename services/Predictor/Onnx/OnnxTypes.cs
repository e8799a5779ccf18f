using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;

namespace Modelplane.Predictor.Onnx;

/// <summary>Maps ONNX Runtime element types and node metadata onto the protocol's datatypes and tensor metadata.</summary>
internal static class OnnxTypes
{
    public static TensorDataType ToDataType(TensorElementType type) => type switch
    {
        TensorElementType.Bool => TensorDataType.Bool,
        TensorElementType.UInt8 => TensorDataType.UInt8,
        TensorElementType.UInt16 => TensorDataType.UInt16,
        TensorElementType.UInt32 => TensorDataType.UInt32,
        TensorElementType.UInt64 => TensorDataType.UInt64,
        TensorElementType.Int8 => TensorDataType.Int8,
        TensorElementType.Int16 => TensorDataType.Int16,
        TensorElementType.Int32 => TensorDataType.Int32,
        TensorElementType.Int64 => TensorDataType.Int64,
        TensorElementType.Float16 => TensorDataType.FP16,
        TensorElementType.Float => TensorDataType.FP32,
        TensorElementType.Double => TensorDataType.FP64,
        TensorElementType.BFloat16 => TensorDataType.BF16,
        TensorElementType.String => TensorDataType.Bytes,
        _ => TensorDataType.Invalid,
    };

    public static TensorElementType ToElementType(TensorDataType type) => type switch
    {
        TensorDataType.Bool => TensorElementType.Bool,
        TensorDataType.UInt8 => TensorElementType.UInt8,
        TensorDataType.UInt16 => TensorElementType.UInt16,
        TensorDataType.UInt32 => TensorElementType.UInt32,
        TensorDataType.UInt64 => TensorElementType.UInt64,
        TensorDataType.Int8 => TensorElementType.Int8,
        TensorDataType.Int16 => TensorElementType.Int16,
        TensorDataType.Int32 => TensorElementType.Int32,
        TensorDataType.Int64 => TensorElementType.Int64,
        TensorDataType.FP16 => TensorElementType.Float16,
        TensorDataType.FP32 => TensorElementType.Float,
        TensorDataType.FP64 => TensorElementType.Double,
        TensorDataType.BF16 => TensorElementType.BFloat16,
        TensorDataType.Bytes => TensorElementType.String,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a tensor data type"),
    };

    /// <summary>Describes an ONNX input or output; a map, sequence or exotic element type cannot travel over the protocol.</summary>
    public static TensorMetadata ToMetadata(string role, string name, NodeMetadata node)
    {
        if (!node.IsTensor)
        {
            throw new InvalidOperationException($"{role} '{name}' is an ONNX {node.OnnxValueType}, which the Open Inference Protocol cannot carry; only tensors can");
        }

        var dataType = ToDataType(node.ElementDataType);
        if (dataType == TensorDataType.Invalid)
        {
            throw new InvalidOperationException($"{role} '{name}' has ONNX element type {node.ElementDataType}, which the Open Inference Protocol cannot carry");
        }

        // ONNX Runtime reports symbolic and unknown dimensions as -1, which is how v2 metadata writes "any size".
        var shape = node.Dimensions.Select(d => d < 0 ? -1L : d).ToArray();
        return new TensorMetadata(name, dataType, shape);
    }
}
