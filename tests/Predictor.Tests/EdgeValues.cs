using System.Runtime.InteropServices;
using System.Text;
using Modelplane.Serving.Tensors;

namespace Modelplane.Predictor.Tests;

/// <summary>
/// Tensor data that a lossy path would change: each type's extremes (min, max, 0, -1), for the floating-point types
/// -0.0, subnormals, infinities and NaNs with payloads (quiet and signalling), then random bits; in the protocol's
/// binary layout. BYTES gets empty, non-UTF-8 and NUL-holding elements.
/// </summary>
internal static class EdgeValues
{
    private const int RandomCount = 64;

    /// <summary>The elements' bytes and how many elements they hold.</summary>
    public static (byte[] Data, long Count) For(TensorDataType dataType)
    {
        var random = new Random(3 + (int)dataType);
        return dataType switch
        {
            TensorDataType.Bool => Bits<byte>([0, 1, 1, 0], random, v => (byte)(v & 1)),
            TensorDataType.UInt8 => Bits<byte>([0, 1, 127, 128, 254, 255], random),
            TensorDataType.UInt16 => Bits<ushort>([0, 1, 0x7FFF, 0x8000, ushort.MaxValue - 1, ushort.MaxValue], random),
            TensorDataType.UInt32 => Bits<uint>([0, 1, int.MaxValue, 0x80000000, uint.MaxValue - 1, uint.MaxValue], random),
            TensorDataType.UInt64 => Bits<ulong>([0, 1, long.MaxValue, 0x8000000000000000, ulong.MaxValue - 1, ulong.MaxValue], random),
            TensorDataType.Int8 => Bits<sbyte>([0, 1, -1, sbyte.MinValue, sbyte.MaxValue], random),
            TensorDataType.Int16 => Bits<short>([0, 1, -1, short.MinValue, short.MaxValue], random),
            TensorDataType.Int32 => Bits<int>([0, 1, -1, int.MinValue, int.MaxValue], random),
            TensorDataType.Int64 => Bits<long>([0, 1, -1, long.MinValue, long.MaxValue], random),

            // 0, -0, smallest and largest subnormal (both signs), smallest normal, max, -max, ±Inf, quiet NaN,
            // NaNs with payloads and sign, a signalling NaN.
            TensorDataType.FP16 =>
                Bits<ushort>([0x0000, 0x8000, 0x0001, 0x03FF, 0x8001, 0x0400, 0x7BFF, 0xFBFF, 0x7C00, 0xFC00, 0x7E00, 0x7E01, 0xFE55, 0x7C01], random),
            TensorDataType.BF16 =>
                Bits<ushort>([0x0000, 0x8000, 0x0001, 0x007F, 0x8001, 0x0080, 0x7F7F, 0xFF7F, 0x7F80, 0xFF80, 0x7FC0, 0x7FC1, 0xFFD5, 0x7F81], random),
            TensorDataType.FP32 =>
                Bits<uint>([0, 0x80000000, 1, 0x007FFFFF, 0x80000001, 0x00800000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F800000, 0xFF800000, 0x7FC00000, 0x7FC12345, 0xFFFFFFFF, 0x7F800001], random),
            TensorDataType.FP64 =>
                Bits<ulong>([0, 0x8000000000000000, 1, 0x000FFFFFFFFFFFFF, 0x8000000000000001, 0x0010000000000000, 0x7FEFFFFFFFFFFFFF, 0xFFEFFFFFFFFFFFFF,
                    0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0x7FF8000000012345, 0xFFFFFFFFFFFFFFFF, 0x7FF0000000000001], random),
            TensorDataType.Bytes => Strings(random),
            _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "not a tensor datatype"),
        };
    }

    private static (byte[], long) Bits<T>(T[] extremes, Random random, Func<T, T>? transform = null)
        where T : unmanaged
    {
        var randomValues = new T[RandomCount];
        random.NextBytes(MemoryMarshal.AsBytes(randomValues.AsSpan()));
        if (transform is not null)
        {
            randomValues = [.. randomValues.Select(transform)];
        }

        T[] all = [.. extremes, .. randomValues];
        return (MemoryMarshal.AsBytes(all.AsSpan()).ToArray(), all.Length);
    }

    private static (byte[], long) Strings(Random random)
    {
        var noise = new byte[1000];
        random.NextBytes(noise);
        ReadOnlyMemory<byte>[] elements =
        [
            Array.Empty<byte>(),
            Encoding.UTF8.GetBytes("setosa"),
            Encoding.UTF8.GetBytes("Grüße, 世界"),
            new byte[] { 0, 0, 0 },
            new byte[] { 0xFF, 0xFE, 0x80, 0xC0 },
            noise,
        ];
        return (BytesElements.Encode(elements), elements.Length);
    }
}
