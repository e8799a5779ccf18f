using System.Buffers.Binary;

namespace Modelplane.Serving.Tensors;

/// <summary>
/// The layout of a BYTES tensor's data: each element as a 4-byte little-endian length followed by its bytes,
/// as the binary tensor extension and gRPC raw contents carry it.
/// </summary>
public static class BytesElements
{
    /// <summary>Encodes elements into the length-prefixed layout.</summary>
    public static byte[] Encode(IEnumerable<ReadOnlyMemory<byte>> elements)
    {
        var list = elements as IReadOnlyList<ReadOnlyMemory<byte>> ?? elements.ToList();
        var size = 0L;
        foreach (var element in list)
        {
            size += 4 + element.Length;
        }

        var data = new byte[size];
        var offset = 0;
        foreach (var element in list)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(offset), element.Length);
            element.Span.CopyTo(data.AsSpan(offset + 4));
            offset += 4 + element.Length;
        }

        return data;
    }

    /// <summary>Counts the elements of length-prefixed data; false when a length runs past the end.</summary>
    public static bool TryCount(ReadOnlySpan<byte> data, out long count)
    {
        count = 0;
        while (!data.IsEmpty)
        {
            if (data.Length < 4)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(data);
            if (length > (uint)(data.Length - 4))
            {
                return false;
            }

            data = data[(4 + (int)length)..];
            count++;
        }

        return true;
    }

    /// <summary>The elements of length-prefixed data known to be well formed.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Enumerate(ReadOnlyMemory<byte> data)
    {
        var offset = 0;
        while (offset < data.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(data.Span[offset..]);
            yield return data.Slice(offset + 4, length);
            offset += 4 + length;
        }
    }
}
