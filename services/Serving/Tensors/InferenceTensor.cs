using System.Runtime.InteropServices;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Tensors;

/// <summary>
/// A named tensor of a request or response. Its data is always held in the binary layout of the protocol
/// (little-endian elements; BYTES elements length-prefixed), so the binary extension, gRPC raw contents and
/// ONNX Runtime all read it without conversion.
/// </summary>
public sealed class InferenceTensor
{
    /// <summary>Creates a tensor; the data must hold exactly the elements the shape describes.</summary>
    public InferenceTensor(string name, TensorDataType dataType, long[] shape, ReadOnlyMemory<byte> data, InferenceParameters? parameters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (!TensorShape.TryGetElementCount(shape, out var count))
        {
            throw new ArgumentException($"tensor '{name}': shape {TensorShape.Format(shape)} is not a concrete shape", nameof(shape));
        }

        if (dataType == TensorDataType.Bytes
            ? !BytesElements.TryCount(data.Span, out var elements) || elements != count
            : data.Length != count * dataType.ElementSize())
        {
            throw new ArgumentException($"tensor '{name}': {data.Length} bytes of {dataType.ToProtocolName()} data do not fill shape {TensorShape.Format(shape)}", nameof(data));
        }

        Name = name;
        DataType = dataType;
        Shape = shape;
        Data = data;
        ElementCount = count;
        Parameters = parameters;
    }

    /// <summary>The input or output name.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public TensorDataType DataType { get; }

    /// <summary>The concrete shape; callers must not change it.</summary>
    public long[] Shape { get; }

    /// <summary>The elements in the protocol's binary layout.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The number of elements.</summary>
    public long ElementCount { get; }

    /// <summary>Per-tensor parameters, when any were given.</summary>
    public InferenceParameters? Parameters { get; }

    /// <summary>The elements of a fixed-size type as a span of <typeparamref name="T"/>.</summary>
    public ReadOnlySpan<T> AsSpan<T>()
        where T : unmanaged
    {
        if (DataType == TensorDataType.Bytes)
        {
            throw new InvalidOperationException($"tensor '{Name}' holds BYTES; read it with {nameof(BytesElements)}");
        }

        return MemoryMarshal.Cast<byte, T>(Data.Span);
    }

    /// <summary>Every element of a numeric or boolean tensor, widened to <see cref="double"/>.</summary>
    public double[] ToDoubles()
    {
        var values = new double[ElementCount];
        switch (DataType)
        {
            case TensorDataType.Bool:
            case TensorDataType.UInt8:
                Widen(Data.Span, values, static v => v);
                break;
            case TensorDataType.UInt16:
                Widen(AsSpan<ushort>(), values, static v => v);
                break;
            case TensorDataType.UInt32:
                Widen(AsSpan<uint>(), values, static v => v);
                break;
            case TensorDataType.UInt64:
                Widen(AsSpan<ulong>(), values, static v => v);
                break;
            case TensorDataType.Int8:
                Widen(AsSpan<sbyte>(), values, static v => v);
                break;
            case TensorDataType.Int16:
                Widen(AsSpan<short>(), values, static v => v);
                break;
            case TensorDataType.Int32:
                Widen(AsSpan<int>(), values, static v => v);
                break;
            case TensorDataType.Int64:
                Widen(AsSpan<long>(), values, static v => v);
                break;
            case TensorDataType.FP16:
                Widen(AsSpan<Half>(), values, static v => (double)v);
                break;
            case TensorDataType.FP32:
                Widen(AsSpan<float>(), values, static v => v);
                break;
            case TensorDataType.FP64:
                AsSpan<double>().CopyTo(values);
                break;
            case TensorDataType.BF16:
                Widen(AsSpan<ushort>(), values, static v => BFloat16Bits.ToSingle(v));
                break;
            default:
                throw new InvalidOperationException($"tensor '{Name}' holds {DataType.ToProtocolName()}, not numbers");
        }

        return values;

        static void Widen<T>(ReadOnlySpan<T> from, double[] to, Func<T, double> widen)
        {
            for (var i = 0; i < from.Length; i++)
            {
                to[i] = widen(from[i]);
            }
        }
    }

    /// <summary>Creates a tensor of a fixed-size type from its elements.</summary>
    public static InferenceTensor FromValues<T>(string name, TensorDataType dataType, long[] shape, ReadOnlySpan<T> values, InferenceParameters? parameters = null)
        where T : unmanaged =>
        new(name, dataType, shape, MemoryMarshal.AsBytes(values).ToArray(), parameters);

    /// <summary>Creates a BYTES tensor from UTF-8 strings.</summary>
    public static InferenceTensor FromStrings(string name, long[] shape, IEnumerable<string> values, InferenceParameters? parameters = null) =>
        new(name, TensorDataType.Bytes, shape, BytesElements.Encode(values.Select(v => (ReadOnlyMemory<byte>)System.Text.Encoding.UTF8.GetBytes(v))), parameters);
}
