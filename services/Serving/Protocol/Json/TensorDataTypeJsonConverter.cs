using System.Text.Json;
using System.Text.Json.Serialization;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Protocol.Json;

/// <summary>Writes and reads <see cref="TensorDataType"/> by its protocol name (<c>FP32</c>).</summary>
public sealed class TensorDataTypeJsonConverter : JsonConverter<TensorDataType>
{
    /// <inheritdoc />
    public override TensorDataType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TensorDataTypeExtensions.TryParse(reader.GetString() ?? string.Empty, out var type)
            ? type
            : throw new JsonException($"unknown datatype '{reader.GetString()}' (expected one of {TensorDataTypeExtensions.ValidNames})");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TensorDataType value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToProtocolName());
    }
}
