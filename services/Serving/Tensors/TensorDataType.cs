namespace Modelplane.Serving.Tensors;

/// <summary>The element types of the Open Inference Protocol, named as the protocol names them.</summary>
#pragma warning disable CA1720 // The members are the protocol's own type names.
public enum TensorDataType
{
    /// <summary>Not a valid type; the default value, so a forgotten assignment is caught.</summary>
    Invalid = 0,
    Bool,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Int8,
    Int16,
    Int32,
    Int64,
    FP16,
    FP32,
    FP64,
    BF16,
    Bytes,
}
#pragma warning restore CA1720
