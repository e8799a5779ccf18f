using System.Buffers.Binary;
using System.Text.Json;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Protocol.V2;

/// <summary>
/// Reads the <c>data</c> of a JSON tensor, flat or nested, straight into the protocol's binary layout,
/// checking each value against the datatype.
/// </summary>
internal static class TensorDataJsonReader
{
    /// <summary>
    /// Reads the value the reader is on; returns the number of elements appended to <paramref name="buffer"/>.
    /// Messages name the tensor (<paramref name="owner"/>) and the element as <c>{elements}[{index}]</c>.
    /// </summary>
    public static long Read(ref Utf8JsonReader reader, TensorDataType type, PooledBufferWriter buffer, string owner, string elements = "data")
    {
        var where = new Where(owner, elements);
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Append(ref reader, type, buffer, where, 0);
            return 1;
        }

        var depth = reader.CurrentDepth;
        long index = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    break;
                case JsonTokenType.EndArray:
                    if (reader.CurrentDepth == depth)
                    {
                        return index;
                    }

                    break;
                default:
                    Append(ref reader, type, buffer, where, index++);
                    break;
            }
        }

        throw new JsonException("the data array is not closed");
    }

    /// <summary>
    /// The bytes to reserve for <paramref name="elements"/> elements of <paramref name="type"/> read from
    /// <paramref name="jsonLength"/> bytes of JSON, so a large tensor is read into a buffer of exactly its size rather
    /// than one that doubled its way there. A count the JSON cannot hold (every element takes at least a byte), from
    /// a shape a client claimed, reserves nothing: that request fails on its count, and must not allocate first.
    /// </summary>
    public static int Capacity(TensorDataType type, long elements, long jsonLength) =>
        type != TensorDataType.Bytes && elements >= 0 && elements <= jsonLength && elements * type.ElementSize() < Array.MaxLength
            ? (int)(elements * type.ElementSize())
            : 256;

    private static void Append(ref Utf8JsonReader reader, TensorDataType type, PooledBufferWriter buffer, Where owner, long index)
    {
        switch (type)
        {
            case TensorDataType.Bool:
                buffer.Write(reader.TokenType switch
                {
                    JsonTokenType.True => (byte)1,
                    JsonTokenType.False => (byte)0,
                    _ => throw WrongKind(ref reader, type, owner, index, "true or false"),
                });
                break;
            case TensorDataType.UInt8:
                buffer.Write((byte)ReadUnsigned(ref reader, type, owner, index, byte.MaxValue));
                break;
            case TensorDataType.UInt16:
                buffer.Write((ushort)ReadUnsigned(ref reader, type, owner, index, ushort.MaxValue));
                break;
            case TensorDataType.UInt32:
                buffer.Write((uint)ReadUnsigned(ref reader, type, owner, index, uint.MaxValue));
                break;
            case TensorDataType.UInt64:
                buffer.Write(ReadUnsigned(ref reader, type, owner, index, ulong.MaxValue));
                break;
            case TensorDataType.Int8:
                buffer.Write((sbyte)ReadSigned(ref reader, type, owner, index, sbyte.MinValue, sbyte.MaxValue));
                break;
            case TensorDataType.Int16:
                buffer.Write((short)ReadSigned(ref reader, type, owner, index, short.MinValue, short.MaxValue));
                break;
            case TensorDataType.Int32:
                buffer.Write((int)ReadSigned(ref reader, type, owner, index, int.MinValue, int.MaxValue));
                break;
            case TensorDataType.Int64:
                buffer.Write(ReadSigned(ref reader, type, owner, index, long.MinValue, long.MaxValue));
                break;
            case TensorDataType.FP16:
                // Rounded once, from the double the text denotes; via float it could round twice.
                var half = (Half)ReadDouble(ref reader, type, owner, index);
                buffer.Write(Half.IsFinite(half) ? half : throw OutOfRange(ref reader, type, owner, index));
                break;
            case TensorDataType.FP32:
                buffer.Write(ReadFloat(ref reader, type, owner, index));
                break;
            case TensorDataType.FP64:
                buffer.Write(ReadDouble(ref reader, type, owner, index));
                break;
            case TensorDataType.BF16:
                var bf16 = BFloat16Bits.FromDouble(ReadDouble(ref reader, type, owner, index));
                buffer.Write(float.IsFinite(BFloat16Bits.ToSingle(bf16)) ? bf16 : throw OutOfRange(ref reader, type, owner, index));
                break;
            case TensorDataType.Bytes:
                AppendBytes(ref reader, buffer, owner, index);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "not a tensor data type");
        }
    }

    private static ulong ReadUnsigned(ref Utf8JsonReader reader, TensorDataType type, Where owner, long index, ulong max)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw WrongKind(ref reader, type, owner, index, "integers");
        }

        if (!reader.TryGetUInt64(out var value) || value > max)
        {
            throw IsIntegerText(reader.ValueSpan) ? OutOfRange(ref reader, type, owner, index) : NotInteger(ref reader, type, owner, index);
        }

        return value;
    }

    private static long ReadSigned(ref Utf8JsonReader reader, TensorDataType type, Where owner, long index, long min, long max)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw WrongKind(ref reader, type, owner, index, "integers");
        }

        if (!reader.TryGetInt64(out var value) || value < min || value > max)
        {
            throw IsIntegerText(reader.ValueSpan) ? OutOfRange(ref reader, type, owner, index) : NotInteger(ref reader, type, owner, index);
        }

        return value;
    }

    // A JSON number is an integer when it has neither a fraction nor an exponent, whatever its size.
    private static bool IsIntegerText(ReadOnlySpan<byte> number) => number.IndexOfAny("."u8 + "eE"u8) < 0;

    private static float ReadFloat(ref Utf8JsonReader reader, TensorDataType type, Where owner, long index)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw WrongKind(ref reader, type, owner, index, "numbers");
        }

        return reader.TryGetSingle(out var value) && float.IsFinite(value) ? value : throw OutOfRange(ref reader, type, owner, index);
    }

    private static double ReadDouble(ref Utf8JsonReader reader, TensorDataType type, Where owner, long index)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw WrongKind(ref reader, type, owner, index, "numbers");
        }

        return reader.TryGetDouble(out var value) && double.IsFinite(value) ? value : throw OutOfRange(ref reader, type, owner, index);
    }

    private static void AppendBytes(ref Utf8JsonReader reader, PooledBufferWriter buffer, Where owner, long index)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            AppendBase64(ref reader, buffer, owner, index);
            return;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw WrongKind(ref reader, TensorDataType.Bytes, owner, index, "strings or {\"b64\": ...} objects");
        }

        // Unescaped text is never longer than its escaped form, so the raw length bounds the copy.
        var span = buffer.GetSpan(4 + reader.ValueSpan.Length);
        var length = reader.ValueIsEscaped ? reader.CopyString(span[4..]) : Copy(reader.ValueSpan, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        buffer.Advance(4 + length);

        static int Copy(ReadOnlySpan<byte> from, Span<byte> to)
        {
            from.CopyTo(to);
            return from.Length;
        }
    }

    // KServe's convention for binary values in JSON: {"b64": "<base64>"}.
    private static void AppendBase64(ref Utf8JsonReader reader, PooledBufferWriter buffer, Where owner, long index)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("b64"u8))
        {
            throw InferenceException.BadRequest($"{owner.Tensor}: {owner.Elements}[{index}] is an object; BYTES objects must be {{\"b64\": \"<base64>\"}}");
        }

        reader.Read();
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetBytesFromBase64(out var bytes))
        {
            throw InferenceException.BadRequest($"{owner.Tensor}: {owner.Elements}[{index}].b64 is not valid base64");
        }

        reader.Read();
        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw InferenceException.BadRequest($"{owner.Tensor}: {owner.Elements}[{index}] has more than a 'b64' property");
        }

        buffer.Write(bytes.Length);
        buffer.Write(bytes);
    }

    private static InferenceException WrongKind(ref Utf8JsonReader reader, TensorDataType type, Where owner, long index, string expected)
    {
        var name = type.ToProtocolName();
        if (reader.TokenType == JsonTokenType.String && type.IsFloatingPoint() && IsNonFiniteName(reader.GetString()))
        {
            return InferenceException.BadRequest(
                $"{owner.Tensor}: {owner.Elements}[{index}] is \"{reader.GetString()}\"; JSON cannot carry NaN or Infinity, so {name} data must be finite numbers");
        }

        return InferenceException.BadRequest($"{owner.Tensor}: {owner.Elements}[{index}] is {Describe(reader.TokenType)}; {name} data must be {expected}");
    }

    private static InferenceException OutOfRange(ref Utf8JsonReader reader, TensorDataType type, Where owner, long index) =>
        InferenceException.BadRequest($"{owner.Tensor}: {owner.Elements}[{index}] = {Text(ref reader)} is out of range for {type.ToProtocolName()}");

    private static InferenceException NotInteger(ref Utf8JsonReader reader, TensorDataType type, Where owner, long index) =>
        InferenceException.BadRequest($"{owner.Tensor}: {owner.Elements}[{index}] = {Text(ref reader)} is not an integer; {type.ToProtocolName()} data must be integers");

    private static string Text(ref Utf8JsonReader reader)
    {
        var text = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        return text.Length > 40 ? text[..40] + "..." : text;
    }

    private static bool IsNonFiniteName(string? text) =>
        text is not null && (text.Equals("NaN", StringComparison.OrdinalIgnoreCase)
            || text.TrimStart('+', '-').Equals("Infinity", StringComparison.OrdinalIgnoreCase)
            || text.TrimStart('+', '-').Equals("inf", StringComparison.OrdinalIgnoreCase));

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };

    /// <summary>Names a tensor and its element list for messages: <c>input 'x'</c> and <c>data</c>.</summary>
    private readonly record struct Where(string Tensor, string Elements);
}
