using System.Text.Json;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Protocol.V2;

/// <summary>Reads JSON tensors (<c>{"name", "datatype", "shape", "data", "parameters"}</c>) and parameter objects.</summary>
internal static class TensorJsonReader
{
    /// <summary>
    /// Reads an array of tensors; <paramref name="role"/> is "input" or "output", for messages. Tensors with a
    /// <c>binary_data_size</c> take their data from <paramref name="binary"/>, without copying it.
    /// </summary>
    public static List<InferenceTensor> ReadTensors(ref Utf8JsonReader reader, string role, string property, BinarySection? binary)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"'{property}' must be an array of tensors");
        var tensors = new List<InferenceTensor>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            tensors.Add(ReadTensor(ref reader, role, $"{property}[{tensors.Count}]", binary));
        }

        return tensors;
    }

    /// <summary>Reads a <c>parameters</c> object whose values are strings, numbers or booleans.</summary>
    public static InferenceParameters ReadParameters(ref Utf8JsonReader reader, string owner)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"{owner}: 'parameters' must be an object");
        var parameters = new InferenceParameters();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            object value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                JsonTokenType.Number when reader.TryGetInt64(out var integer) => integer,
                JsonTokenType.Number when reader.TryGetDouble(out var number) && double.IsFinite(number) => number,
                JsonTokenType.Number => throw InferenceException.BadRequest($"{owner}: parameter '{key}' is out of range"),
                _ => throw InferenceException.BadRequest($"{owner}: parameter '{key}' must be a string, number or boolean"),
            };
            parameters.Set(key, value);
        }

        return parameters;
    }

    /// <summary>Throws a bad request with <paramref name="message"/> unless the reader is on <paramref name="token"/>.</summary>
    public static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string message)
    {
        if (reader.TokenType != token)
        {
            throw InferenceException.BadRequest(message);
        }
    }

    private static InferenceTensor ReadTensor(ref Utf8JsonReader reader, string role, string position, BinarySection? binary)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"{position} must be an object with name, datatype, shape and data");
        string? name = null;
        var dataType = TensorDataType.Invalid;
        string? unknownDataType = null;
        long[]? shape = null;
        InferenceParameters? parameters = null;
        var hasData = false;
        var dataReader = default(Utf8JsonReader);
        long dataLength = 0;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                Expect(ref reader, JsonTokenType.String, $"{position}: 'name' must be a string");
                name = reader.GetString();
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                Expect(ref reader, JsonTokenType.String, $"{position}: 'datatype' must be a string");
                if (!TensorDataTypeExtensions.TryParse(reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan, out dataType))
                {
                    unknownDataType = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                shape = ReadShape(ref reader, position);
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                parameters = ReadParameters(ref reader, position);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                hasData = true;

                // The data is decoded once the datatype is known, which JSON lets come after it.
                dataReader = reader;
                reader.Skip();
                dataLength = reader.BytesConsumed - dataReader.TokenStartIndex;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var owner = name is null ? position : $"{role} '{name}'";
        if (name is null)
        {
            throw InferenceException.BadRequest($"{position}: missing 'name'");
        }

        if (unknownDataType is not null)
        {
            throw InferenceException.BadRequest($"{owner}: unknown datatype '{unknownDataType}' (expected one of {TensorDataTypeExtensions.ValidNames})");
        }

        if (dataType == TensorDataType.Invalid)
        {
            throw InferenceException.BadRequest($"{owner}: missing 'datatype'");
        }

        if (shape is null)
        {
            throw InferenceException.BadRequest($"{owner}: missing 'shape'");
        }

        if (parameters is not null && parameters.TryGetValue(BinarySection.SizeParameter, out var size))
        {
            return ReadBinaryTensor(owner, name, dataType, shape, parameters, size, hasData, binary);
        }

        if (!hasData)
        {
            throw InferenceException.BadRequest($"{owner}: missing 'data'");
        }

        using var buffer = new PooledBufferWriter(TensorDataJsonReader.Capacity(dataType, TensorShape.TryGetElementCount(shape, out var expected) ? expected : -1, dataLength));
        var count = TensorDataJsonReader.Read(ref dataReader, dataType, buffer, owner);
        CheckShape(owner, shape, count);
        return new InferenceTensor(name, dataType, shape, buffer.TakeWritten(), parameters);
    }

    private static InferenceTensor ReadBinaryTensor(
        string owner, string name, TensorDataType dataType, long[] shape, InferenceParameters parameters, object size, bool hasData, BinarySection? binary)
    {
        if (hasData)
        {
            throw InferenceException.BadRequest($"{owner} has both 'data' and a {BinarySection.SizeParameter} parameter; send one or the other");
        }

        if (binary is null)
        {
            throw InferenceException.BadRequest(
                $"{owner}: {BinarySection.SizeParameter} is given, but the request has no binary data; send the JSON's length in the Inference-Header-Content-Length header");
        }

        if (size is not long byteCount)
        {
            throw InferenceException.BadRequest($"{owner}: {BinarySection.SizeParameter} must be a whole number of bytes, got {size}");
        }

        var data = binary.Take(byteCount, owner);
        if (Array.Exists(shape, d => d < 0) || !TensorShape.TryGetElementCount(shape, out var count))
        {
            throw InferenceException.BadRequest($"{owner}: shape {TensorShape.Format(shape)} is not a concrete shape");
        }

        if (dataType == TensorDataType.Bytes)
        {
            if (!BytesElements.TryCount(data.Span, out var elements) || elements != count)
            {
                throw InferenceException.BadRequest(
                    $"{owner}: the {byteCount} bytes of BYTES data do not hold {count} length-prefixed elements for shape {TensorShape.Format(shape)}");
            }
        }
        else if (byteCount != count * dataType.ElementSize())
        {
            throw InferenceException.BadRequest(
                $"{owner}: {BinarySection.SizeParameter} is {byteCount}, but shape {TensorShape.Format(shape)} of {dataType.ToProtocolName()} needs {count * dataType.ElementSize()} bytes");
        }

        parameters.Remove(BinarySection.SizeParameter);
        return new InferenceTensor(name, dataType, shape, data, parameters.Count == 0 ? null : parameters);
    }

    private static long[] ReadShape(ref Utf8JsonReader reader, string position)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"{position}: 'shape' must be an array of integers");
        Span<long> dims = stackalloc long[16];
        var rank = 0;
        List<long>? more = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var dim))
            {
                throw InferenceException.BadRequest($"{position}: 'shape' must be an array of integers");
            }

            if (rank < dims.Length)
            {
                dims[rank] = dim;
            }
            else
            {
                (more ??= []).Add(dim);
            }

            rank++;
        }

        return more is null ? dims[..rank].ToArray() : [.. dims.ToArray(), .. more];
    }

    private static void CheckShape(string owner, long[] shape, long count)
    {
        if (Array.Exists(shape, d => d < 0))
        {
            throw InferenceException.BadRequest($"{owner}: shape {TensorShape.Format(shape)} has a negative dimension; a request's shapes must be concrete");
        }

        if (!TensorShape.TryGetElementCount(shape, out var expected))
        {
            throw InferenceException.BadRequest($"{owner}: shape {TensorShape.Format(shape)} is too large: its element count overflows");
        }

        if (expected != count)
        {
            throw InferenceException.BadRequest($"{owner}: shape {TensorShape.Format(shape)} needs {expected} values, got {count}");
        }
    }
}
