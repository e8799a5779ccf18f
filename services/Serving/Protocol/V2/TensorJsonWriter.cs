using System.Buffers.Binary;
using System.Text.Unicode;
using System.Text.Json;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Protocol.V2;

/// <summary>Writes tensors and parameters as the JSON form of the protocol, with flat <c>data</c> arrays.</summary>
internal static class TensorJsonWriter
{
    /// <summary>Writes an array of tensors; those flagged in <paramref name="binary"/> get a <c>binary_data_size</c> instead of data.</summary>
    public static void WriteTensors(Utf8JsonWriter writer, IReadOnlyList<InferenceTensor> tensors, string role, IReadOnlyList<bool>? binary = null)
    {
        writer.WriteStartArray();
        for (var i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i];
            var isBinary = binary is not null && binary[i];
            writer.WriteStartObject();
            writer.WriteString("name"u8, tensor.Name);
            writer.WriteString("datatype"u8, tensor.DataType.ToProtocolName());
            writer.WriteStartArray("shape"u8);
            foreach (var dim in tensor.Shape)
            {
                writer.WriteNumberValue(dim);
            }

            writer.WriteEndArray();
            if (isBinary)
            {
                writer.WriteStartObject("parameters"u8);
                WriteParameterValues(writer, tensor.Parameters);
                writer.WriteNumber(BinarySection.SizeParameter, tensor.Data.Length);
                writer.WriteEndObject();
            }
            else
            {
                WriteParameters(writer, tensor.Parameters);
                writer.WritePropertyName("data"u8);
                WriteData(writer, tensor, role);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <c>"parameters": {...}</c> when there are any.</summary>
    public static void WriteParameters(Utf8JsonWriter writer, InferenceParameters? parameters)
    {
        if (parameters is null || parameters.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("parameters"u8);
        WriteParameterValues(writer, parameters);
        writer.WriteEndObject();
    }

    private static void WriteParameterValues(Utf8JsonWriter writer, InferenceParameters? parameters)
    {
        if (parameters is null)
        {
            return;
        }

        foreach (var (key, value) in parameters.Entries)
        {
            switch (value)
            {
                case bool b:
                    writer.WriteBoolean(key, b);
                    break;
                case long l:
                    writer.WriteNumber(key, l);
                    break;
                case double d:
                    writer.WriteNumber(key, d);
                    break;
                default:
                    writer.WriteString(key, (string)value);
                    break;
            }
        }
    }

    /// <summary>Writes a tensor's elements as one flat JSON array.</summary>
    public static void WriteData(Utf8JsonWriter writer, InferenceTensor tensor, string role)
    {
        writer.WriteStartArray();
        WriteElements(writer, tensor, 0, (int)tensor.ElementCount, role);
        writer.WriteEndArray();
    }

    /// <summary>Writes <paramref name="count"/> elements from <paramref name="start"/> as JSON values, without brackets.</summary>
    public static void WriteElements(Utf8JsonWriter writer, InferenceTensor tensor, int start, int count, string role)
    {
        switch (tensor.DataType)
        {
            case TensorDataType.Bool:
                foreach (var v in tensor.Data.Span.Slice(start, count))
                {
                    writer.WriteBooleanValue(v != 0);
                }

                break;
            case TensorDataType.UInt8:
                foreach (var v in tensor.Data.Span.Slice(start, count))
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case TensorDataType.UInt16:
                foreach (var v in tensor.AsSpan<ushort>().Slice(start, count))
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case TensorDataType.UInt32:
                foreach (var v in tensor.AsSpan<uint>().Slice(start, count))
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case TensorDataType.UInt64:
                foreach (var v in tensor.AsSpan<ulong>().Slice(start, count))
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case TensorDataType.Int8:
                foreach (var v in tensor.AsSpan<sbyte>().Slice(start, count))
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case TensorDataType.Int16:
                foreach (var v in tensor.AsSpan<short>().Slice(start, count))
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case TensorDataType.Int32:
                foreach (var v in tensor.AsSpan<int>().Slice(start, count))
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case TensorDataType.Int64:
                foreach (var v in tensor.AsSpan<long>().Slice(start, count))
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case TensorDataType.FP16:
                foreach (var v in tensor.AsSpan<Half>().Slice(start, count))
                {
                    WriteFinite(writer, (float)v, tensor, role);
                }

                break;
            case TensorDataType.FP32:
                foreach (var v in tensor.AsSpan<float>().Slice(start, count))
                {
                    WriteFinite(writer, v, tensor, role);
                }

                break;
            case TensorDataType.FP64:
                foreach (var v in tensor.AsSpan<double>().Slice(start, count))
                {
                    if (!double.IsFinite(v))
                    {
                        throw NotFinite(tensor, role);
                    }

                    writer.WriteNumberValue(v);
                }

                break;
            case TensorDataType.BF16:
                foreach (var v in tensor.AsSpan<ushort>().Slice(start, count))
                {
                    WriteFinite(writer, BFloat16Bits.ToSingle(v), tensor, role);
                }

                break;
            case TensorDataType.Bytes:
                WriteBytes(writer, tensor, start, count, role);
                break;
            default:
                throw new InvalidOperationException($"tensor '{tensor.Name}' has no datatype");
        }
    }

    private static void WriteFinite(Utf8JsonWriter writer, float value, InferenceTensor tensor, string role)
    {
        if (!float.IsFinite(value))
        {
            throw NotFinite(tensor, role);
        }

        writer.WriteNumberValue(value);
    }

    private static void WriteBytes(Utf8JsonWriter writer, InferenceTensor tensor, int start, int count, string role)
    {
        var data = tensor.Data.Span;
        var index = 0;
        while (index < start + count)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(data);
            var element = data.Slice(4, length);
            data = data[(4 + length)..];
            if (index++ < start)
            {
                continue;
            }

            if (!Utf8.IsValid(element))
            {
                throw new InferenceException(
                    InferenceErrorKind.Internal,
                    $"{role} '{tensor.Name}': element {index - 1} is not UTF-8 text, which JSON cannot carry; ask for it as binary data");
            }

            writer.WriteStringValue(element);
        }
    }

    private static InferenceException NotFinite(InferenceTensor tensor, string role) =>
        new(InferenceErrorKind.Internal, $"{role} '{tensor.Name}' holds NaN or Infinity, which JSON cannot carry; ask for it as binary data");
}
