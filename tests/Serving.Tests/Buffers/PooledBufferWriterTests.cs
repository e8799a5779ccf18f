using System.Buffers.Binary;
using Modelplane.Serving.Buffers;

namespace Modelplane.Serving.Tests.Buffers;

/// <summary>The pooled buffer grows without losing what was written and writes values in little-endian layout.</summary>
public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Growing_keeps_everything_written()
    {
        using var writer = new PooledBufferWriter(initialCapacity: 16);
        var expected = new List<byte>();

        for (var i = 0; i < 5000; i++)
        {
            var chunk = new byte[(i % 7) + 1];
            Array.Fill(chunk, (byte)i);
            writer.Write(chunk);
            expected.AddRange(chunk);
        }

        Assert.Equal(expected.Count, writer.WrittenCount);
        Assert.Equal(expected, writer.WrittenSpan.ToArray());
        Assert.Equal(expected, writer.WrittenMemory.ToArray());
        Assert.Equal(expected, writer.ToArray());
    }

    [Fact]
    public void Write_of_a_value_appends_its_little_endian_bytes()
    {
        using var writer = new PooledBufferWriter(initialCapacity: 1);

        writer.Write((byte)0xAB);
        writer.Write(0x01020304);
        writer.Write(-2L);
        writer.Write(1.5);
        writer.Write((Half)1);
        writer.Write((ushort)0xBEEF);

        var bytes = writer.ToArray();
        Assert.Equal(1 + 4 + 8 + 8 + 2 + 2, bytes.Length);
        Assert.Equal(0xAB, bytes[0]);
        Assert.Equal(0x01020304, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(1)));
        Assert.Equal(-2L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(5)));
        Assert.Equal(1.5, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(13)));
        Assert.Equal((Half)1, BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(21)));
        Assert.Equal(0xBEEF, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(23)));
    }

    [Fact]
    public void Write_of_a_value_across_the_end_of_the_buffer_grows_it()
    {
        using var writer = new PooledBufferWriter(initialCapacity: 16);
        var room = writer.GetSpan().Length;
        for (var i = 0; i < room - 3; i++)
        {
            writer.Write((byte)i);
        }

        writer.Write(ulong.MaxValue);

        Assert.Equal(room + 5, writer.WrittenCount);
        Assert.Equal(Enumerable.Range(0, room - 3).Select(i => (byte)i), writer.WrittenSpan[..(room - 3)].ToArray());
        Assert.Equal(ulong.MaxValue, BinaryPrimitives.ReadUInt64LittleEndian(writer.WrittenSpan[(room - 3)..]));
    }

    [Fact]
    public void GetSpan_and_GetMemory_give_at_least_the_size_asked_for_after_what_was_written()
    {
        using var writer = new PooledBufferWriter(initialCapacity: 16);
        writer.Write("abc"u8);

        var span = writer.GetSpan(10_000);
        Assert.True(span.Length >= 10_000);
        "defg"u8.CopyTo(span);
        writer.Advance(4);

        var memory = writer.GetMemory(100_000);
        Assert.True(memory.Length >= 100_000);
        "h"u8.CopyTo(memory.Span);
        writer.Advance(1);

        Assert.Equal("abcdefgh"u8.ToArray(), writer.ToArray());
    }

    [Fact]
    public void Advance_past_the_buffer_or_backwards_throws()
    {
        using var writer = new PooledBufferWriter(initialCapacity: 16);
        var room = writer.GetSpan().Length;

        Assert.Throws<InvalidOperationException>(() => writer.Advance(room + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void Clear_forgets_what_was_written()
    {
        using var writer = new PooledBufferWriter();
        writer.Write("old content"u8);

        writer.Clear();
        writer.Write("new"u8);

        Assert.Equal("new"u8.ToArray(), writer.ToArray());
    }

    [Fact]
    public void A_disposed_writer_refuses_to_grow_and_may_be_disposed_again()
    {
        var writer = new PooledBufferWriter();
        writer.Write("data"u8);

        writer.Dispose();

        Assert.Equal(0, writer.WrittenCount);
        Assert.Throws<ObjectDisposedException>(() => writer.GetSpan(1));
        Assert.Throws<ObjectDisposedException>(() => writer.Write(1));
        writer.Dispose();
    }

    [Fact]
    public void A_large_buffer_sized_from_a_known_length_is_handed_over_without_a_copy()
    {
        var size = LargeBuffers.Threshold + 3;
        using var writer = new PooledBufferWriter(size);
        for (var i = 0; i < size; i++)
        {
            writer.Write((byte)i);
        }

        var taken = writer.TakeWritten();

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(taken, out var segment));
        Assert.Equal(size, segment.Array!.Length);
        Assert.Equal(size, taken.Length);
        Assert.Equal((byte)(size - 1), taken.Span[^1]);
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void A_small_buffer_is_copied_when_taken_so_its_array_can_go_back_to_the_pool()
    {
        using var writer = new PooledBufferWriter(100);
        writer.Write([1, 2, 3]);

        var taken = writer.TakeWritten();

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(taken, out var segment));
        Assert.Equal(3, segment.Array!.Length);
        Assert.Equal([1, 2, 3], taken.ToArray());
    }
}
