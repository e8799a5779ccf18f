using System.Runtime.InteropServices;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Grpc.V2;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Grpc;

/// <summary>
/// Turns <c>ModelInferRequest</c> messages into <see cref="InferenceRequest"/>s and responses back. Raw contents
/// already have the protocol's binary layout, so they pass without a copy either way; typed contents are converted
/// from and to the repeated field of their datatype.
/// </summary>
public static class GrpcTensorCodec
{
    /// <summary>Converts a gRPC request, checking every tensor as the REST codec does.</summary>
    public static InferenceRequest ReadRequest(ModelInferRequest message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var raw = message.RawInputContents;
        if (raw.Count > 0 && raw.Count != message.Inputs.Count)
        {
            throw InferenceException.BadRequest($"raw_input_contents has {raw.Count} entries for {message.Inputs.Count} inputs; give one per input, in order");
        }

        var inputs = new List<InferenceTensor>(message.Inputs.Count);
        for (var i = 0; i < message.Inputs.Count; i++)
        {
            var input = message.Inputs[i];
            var owner = string.IsNullOrEmpty(input.Name) ? $"inputs[{i}]" : $"input '{input.Name}'";
            if (string.IsNullOrEmpty(input.Name))
            {
                throw InferenceException.BadRequest($"{owner}: missing 'name'");
            }

            var dataType = ParseDataType(owner, input.Datatype);
            var shape = input.Shape.ToArray();
            var count = CheckShape(owner, shape);
            ReadOnlyMemory<byte> data;
            if (raw.Count > 0)
            {
                if (input.Contents is not null && HasAny(input.Contents))
                {
                    throw InferenceException.BadRequest($"{owner} has both contents and raw_input_contents; use one or the other for all inputs");
                }

                data = raw[i].Memory;
                CheckRawSize(owner, dataType, shape, count, data);
            }
            else
            {
                data = FromContents(owner, dataType, count, input.Contents);
            }

            inputs.Add(new InferenceTensor(input.Name, dataType, shape, data, ToParameters(owner, input.Parameters)));
        }

        return new InferenceRequest
        {
            Id = string.IsNullOrEmpty(message.Id) ? null : message.Id,
            Parameters = ToParameters("request", message.Parameters),
            Inputs = inputs,
            Outputs = message.Outputs.Count == 0
                ? null
                : [.. message.Outputs.Select((o, i) => new RequestedOutput(
                    string.IsNullOrEmpty(o.Name) ? throw InferenceException.BadRequest($"outputs[{i}]: missing 'name'") : o.Name,
                    ToParameters($"output '{o.Name}'", o.Parameters)))],
        };
    }

    /// <summary>
    /// Converts a response. Outputs go as raw contents, except when <paramref name="typed"/> asks for typed contents
    /// and every output has a typed field (FP16 and BF16 have none).
    /// </summary>
    public static ModelInferResponse WriteResponse(InferenceResponse response, bool typed)
    {
        ArgumentNullException.ThrowIfNull(response);
        var message = new ModelInferResponse
        {
            ModelName = response.ModelName,
            ModelVersion = response.ModelVersion ?? string.Empty,
            Id = response.Id ?? string.Empty,
        };
        AddParameters(message.Parameters, response.Parameters);
        typed &= response.Outputs.All(o => o.DataType is not (TensorDataType.FP16 or TensorDataType.BF16));
        foreach (var output in response.Outputs)
        {
            var tensor = new ModelInferResponse.Types.InferOutputTensor { Name = output.Name, Datatype = output.DataType.ToProtocolName() };
            tensor.Shape.AddRange(output.Shape);
            AddParameters(tensor.Parameters, output.Parameters);
            if (typed)
            {
                tensor.Contents = ToContents(output);
            }
            else
            {
                // The response is serialized before the request ends, so the output's bytes outlive the message.
                message.RawOutputContents.Add(UnsafeByteOperations.UnsafeWrap(output.Data));
            }

            message.Outputs.Add(tensor);
        }

        return message;
    }

    /// <summary>True when the request carried typed contents rather than raw ones.</summary>
    public static bool UsesTypedContents(ModelInferRequest message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.RawInputContents.Count == 0 && message.Inputs.Count > 0;
    }

    /// <summary>Converts an SDK request to a gRPC one with raw contents, as a client does.</summary>
    public static ModelInferRequest WriteRequest(string modelName, string? modelVersion, InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = new ModelInferRequest { ModelName = modelName, ModelVersion = modelVersion ?? string.Empty, Id = request.Id ?? string.Empty };
        AddParameters(message.Parameters, request.Parameters);
        foreach (var input in request.Inputs)
        {
            var tensor = new ModelInferRequest.Types.InferInputTensor { Name = input.Name, Datatype = input.DataType.ToProtocolName() };
            tensor.Shape.AddRange(input.Shape);
            AddParameters(tensor.Parameters, input.Parameters);
            message.Inputs.Add(tensor);
            message.RawInputContents.Add(UnsafeByteOperations.UnsafeWrap(input.Data));
        }

        foreach (var output in request.Outputs ?? [])
        {
            var requested = new ModelInferRequest.Types.InferRequestedOutputTensor { Name = output.Name };
            AddParameters(requested.Parameters, output.Parameters);
            message.Outputs.Add(requested);
        }

        return message;
    }

    /// <summary>Converts a gRPC response, as a client does.</summary>
    public static InferenceResponse ReadResponse(ModelInferResponse message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var outputs = new List<InferenceTensor>(message.Outputs.Count);
        for (var i = 0; i < message.Outputs.Count; i++)
        {
            var output = message.Outputs[i];
            var owner = $"output '{output.Name}'";
            var dataType = ParseDataType(owner, output.Datatype);
            var shape = output.Shape.ToArray();
            var count = CheckShape(owner, shape);
            ReadOnlyMemory<byte> data;
            if (message.RawOutputContents.Count > 0)
            {
                data = message.RawOutputContents[i].Memory;
                CheckRawSize(owner, dataType, shape, count, data);
            }
            else
            {
                data = FromContents(owner, dataType, count, output.Contents);
            }

            outputs.Add(new InferenceTensor(output.Name, dataType, shape, data, ToParameters(owner, output.Parameters)));
        }

        return new InferenceResponse
        {
            ModelName = message.ModelName,
            ModelVersion = string.IsNullOrEmpty(message.ModelVersion) ? null : message.ModelVersion,
            Id = string.IsNullOrEmpty(message.Id) ? null : message.Id,
            Parameters = ToParameters("response", message.Parameters),
            Outputs = outputs,
        };
    }

    private static TensorDataType ParseDataType(string owner, string name) =>
        TensorDataTypeExtensions.TryParse(name, out var dataType)
            ? dataType
            : throw InferenceException.BadRequest(string.IsNullOrEmpty(name)
                ? $"{owner}: missing 'datatype'"
                : $"{owner}: unknown datatype '{name}' (expected one of {TensorDataTypeExtensions.ValidNames})");

    private static long CheckShape(string owner, long[] shape)
    {
        if (Array.Exists(shape, d => d < 0))
        {
            throw InferenceException.BadRequest($"{owner}: shape {TensorShape.Format(shape)} has a negative dimension; a request's shapes must be concrete");
        }

        return TensorShape.TryGetElementCount(shape, out var count) && count <= int.MaxValue
            ? count
            : throw InferenceException.BadRequest($"{owner}: shape {TensorShape.Format(shape)} is too large");
    }

    private static void CheckRawSize(string owner, TensorDataType dataType, long[] shape, long count, ReadOnlyMemory<byte> data)
    {
        if (dataType == TensorDataType.Bytes)
        {
            if (!BytesElements.TryCount(data.Span, out var elements) || elements != count)
            {
                throw InferenceException.BadRequest(
                    $"{owner}: its {data.Length} raw bytes do not hold {count} length-prefixed BYTES elements for shape {TensorShape.Format(shape)}");
            }
        }
        else if (data.Length != count * dataType.ElementSize())
        {
            throw InferenceException.BadRequest(
                $"{owner}: shape {TensorShape.Format(shape)} of {dataType.ToProtocolName()} needs {count * dataType.ElementSize()} raw bytes, got {data.Length}");
        }
    }

    private static bool HasAny(InferTensorContents contents) =>
        contents.BoolContents.Count + contents.IntContents.Count + contents.Int64Contents.Count + contents.UintContents.Count
        + contents.Uint64Contents.Count + contents.Fp32Contents.Count + contents.Fp64Contents.Count + contents.BytesContents.Count > 0;

    private static byte[] FromContents(string owner, TensorDataType dataType, long count, InferTensorContents? contents)
    {
        contents ??= new InferTensorContents();
        var (field, given) = dataType switch
        {
            TensorDataType.Bool => ("bool_contents", contents.BoolContents.Count),
            TensorDataType.Int8 or TensorDataType.Int16 or TensorDataType.Int32 => ("int_contents", contents.IntContents.Count),
            TensorDataType.Int64 => ("int64_contents", contents.Int64Contents.Count),
            TensorDataType.UInt8 or TensorDataType.UInt16 or TensorDataType.UInt32 => ("uint_contents", contents.UintContents.Count),
            TensorDataType.UInt64 => ("uint64_contents", contents.Uint64Contents.Count),
            TensorDataType.FP32 => ("fp32_contents", contents.Fp32Contents.Count),
            TensorDataType.FP64 => ("fp64_contents", contents.Fp64Contents.Count),
            TensorDataType.Bytes => ("bytes_contents", contents.BytesContents.Count),
            _ => throw InferenceException.BadRequest(
                $"{owner}: {dataType.ToProtocolName()} has no typed contents field; send it in raw_input_contents"),
        };
        if (given != count || HasAny(contents) && given == 0)
        {
            throw InferenceException.BadRequest(given == 0 && HasAny(contents)
                ? $"{owner}: {dataType.ToProtocolName()} data goes in {field}"
                : $"{owner}: shape needs {count} values in {field}, got {given}");
        }

        return dataType switch
        {
            TensorDataType.Bool => [.. contents.BoolContents.Select(b => b ? (byte)1 : (byte)0)],
            TensorDataType.Int8 => Narrow(owner, dataType, contents.IntContents, sbyte.MinValue, sbyte.MaxValue, v => [unchecked((byte)(sbyte)v)]),
            TensorDataType.Int16 => Narrow(owner, dataType, contents.IntContents, short.MinValue, short.MaxValue, v => BitConverter.GetBytes((short)v)),
            TensorDataType.Int32 => MemoryMarshal.AsBytes(contents.IntContents.ToArray().AsSpan()).ToArray(),
            TensorDataType.Int64 => MemoryMarshal.AsBytes(contents.Int64Contents.ToArray().AsSpan()).ToArray(),
            TensorDataType.UInt8 => NarrowUnsigned(owner, dataType, contents.UintContents, byte.MaxValue, v => [(byte)v]),
            TensorDataType.UInt16 => NarrowUnsigned(owner, dataType, contents.UintContents, ushort.MaxValue, v => BitConverter.GetBytes((ushort)v)),
            TensorDataType.UInt32 => MemoryMarshal.AsBytes(contents.UintContents.ToArray().AsSpan()).ToArray(),
            TensorDataType.UInt64 => MemoryMarshal.AsBytes(contents.Uint64Contents.ToArray().AsSpan()).ToArray(),
            TensorDataType.FP32 => MemoryMarshal.AsBytes(contents.Fp32Contents.ToArray().AsSpan()).ToArray(),
            TensorDataType.FP64 => MemoryMarshal.AsBytes(contents.Fp64Contents.ToArray().AsSpan()).ToArray(),
            _ => BytesElements.Encode(contents.BytesContents.Select(b => b.Memory)),
        };
    }

    private static byte[] Narrow(string owner, TensorDataType dataType, RepeatedField<int> values, int min, int max, Func<int, byte[]> bytes)
    {
        foreach (var value in values)
        {
            if (value < min || value > max)
            {
                throw InferenceException.BadRequest($"{owner}: {value} is out of range for {dataType.ToProtocolName()}");
            }
        }

        return [.. values.SelectMany(bytes)];
    }

    private static byte[] NarrowUnsigned(string owner, TensorDataType dataType, RepeatedField<uint> values, uint max, Func<uint, byte[]> bytes)
    {
        foreach (var value in values)
        {
            if (value > max)
            {
                throw InferenceException.BadRequest($"{owner}: {value} is out of range for {dataType.ToProtocolName()}");
            }
        }

        return [.. values.SelectMany(bytes)];
    }

    private static InferTensorContents ToContents(InferenceTensor tensor)
    {
        var contents = new InferTensorContents();
        switch (tensor.DataType)
        {
            case TensorDataType.Bool:
                contents.BoolContents.AddRange(tensor.Data.ToArray().Select(b => b != 0));
                break;
            case TensorDataType.Int8:
                contents.IntContents.AddRange(tensor.AsSpan<sbyte>().ToArray().Select(v => (int)v));
                break;
            case TensorDataType.Int16:
                contents.IntContents.AddRange(tensor.AsSpan<short>().ToArray().Select(v => (int)v));
                break;
            case TensorDataType.Int32:
                contents.IntContents.AddRange(tensor.AsSpan<int>().ToArray());
                break;
            case TensorDataType.Int64:
                contents.Int64Contents.AddRange(tensor.AsSpan<long>().ToArray());
                break;
            case TensorDataType.UInt8:
                contents.UintContents.AddRange(tensor.Data.ToArray().Select(v => (uint)v));
                break;
            case TensorDataType.UInt16:
                contents.UintContents.AddRange(tensor.AsSpan<ushort>().ToArray().Select(v => (uint)v));
                break;
            case TensorDataType.UInt32:
                contents.UintContents.AddRange(tensor.AsSpan<uint>().ToArray());
                break;
            case TensorDataType.UInt64:
                contents.Uint64Contents.AddRange(tensor.AsSpan<ulong>().ToArray());
                break;
            case TensorDataType.FP32:
                contents.Fp32Contents.AddRange(tensor.AsSpan<float>().ToArray());
                break;
            case TensorDataType.FP64:
                contents.Fp64Contents.AddRange(tensor.AsSpan<double>().ToArray());
                break;
            case TensorDataType.Bytes:
                contents.BytesContents.AddRange(BytesElements.Enumerate(tensor.Data).Select(e => ByteString.CopyFrom(e.Span)));
                break;
            default:
                throw new InvalidOperationException($"{tensor.DataType.ToProtocolName()} has no typed contents field");
        }

        return contents;
    }

    private static InferenceParameters? ToParameters(string owner, MapField<string, InferParameter> map)
    {
        if (map.Count == 0)
        {
            return null;
        }

        var parameters = new InferenceParameters();
        foreach (var (key, value) in map)
        {
            parameters.Set(key, value.ParameterChoiceCase switch
            {
                InferParameter.ParameterChoiceOneofCase.BoolParam => value.BoolParam,
                InferParameter.ParameterChoiceOneofCase.Int64Param => value.Int64Param,
                InferParameter.ParameterChoiceOneofCase.StringParam => value.StringParam,
                InferParameter.ParameterChoiceOneofCase.DoubleParam when double.IsFinite(value.DoubleParam) => value.DoubleParam,
                InferParameter.ParameterChoiceOneofCase.Uint64Param when value.Uint64Param <= long.MaxValue => (long)value.Uint64Param,
                _ => throw InferenceException.BadRequest($"{owner}: parameter '{key}' has no value, or one out of range"),
            });
        }

        return parameters;
    }

    private static void AddParameters(MapField<string, InferParameter> map, InferenceParameters? parameters)
    {
        if (parameters is null)
        {
            return;
        }

        foreach (var (key, value) in parameters.Entries)
        {
            map[key] = value switch
            {
                bool b => new InferParameter { BoolParam = b },
                long l => new InferParameter { Int64Param = l },
                double d => new InferParameter { DoubleParam = d },
                _ => new InferParameter { StringParam = (string)value },
            };
        }
    }
}
