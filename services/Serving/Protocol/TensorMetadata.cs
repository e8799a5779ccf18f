using System.Text.Json.Serialization;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Protocol;

/// <summary>A model input or output as metadata describes it; -1 marks a dimension of any size.</summary>
public sealed record TensorMetadata(string Name, [property: JsonPropertyName("datatype")] TensorDataType DataType, long[] Shape)
{
    /// <summary>The shape as the protocol writes it.</summary>
    public override string ToString() => $"{Name} {DataType.ToProtocolName()} {TensorShape.Format(Shape)}";
}
