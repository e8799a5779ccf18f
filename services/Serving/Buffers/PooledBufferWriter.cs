using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Modelplane.Serving.Buffers;

/// <summary>
/// A growable byte buffer rented from the shared pool, returned when disposed; a buffer over
/// <see cref="LargeBuffers.Threshold"/> is allocated by <see cref="LargeBuffers"/> instead, and dropped.
/// </summary>
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    /// <summary>Creates a writer with a first buffer of at least <paramref name="initialCapacity"/> bytes.</summary>
    public PooledBufferWriter(int initialCapacity = 256)
    {
        _buffer = Rent(Math.Max(initialCapacity, 16));
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>The number of bytes written.</summary>
    public int WrittenCount => _written;

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written > _buffer.Length - count)
        {
            throw new InvalidOperationException("advanced past the end of the buffer");
        }

        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Appends one unmanaged value in little-endian (native) layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write<T>(T value)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        if (_buffer.Length - _written < size)
        {
            Reserve(size);
        }

        MemoryMarshal.Write(_buffer.AsSpan(_written), in value);
        _written += size;
    }

    /// <summary>Appends bytes.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_written));
        _written += bytes.Length;
    }

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Clear() => _written = 0;

    /// <summary>Copies what was written into an array of exactly that size.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>
    /// What was written, for the caller to keep, and ends the writer: a large buffer is handed over as it is, not
    /// copied (sized from a known length it holds nothing more), a pooled one is copied before it goes back.
    /// </summary>
    public ReadOnlyMemory<byte> TakeWritten()
    {
        ReadOnlyMemory<byte> written = _buffer.Length > LargeBuffers.Threshold ? WrittenMemory : ToArray();
        Release(_buffer);
        _buffer = [];
        _written = 0;
        return written;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        Release(buffer);
    }

    private void Reserve(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= sizeHint)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        var needed = (long)_written + sizeHint;
        var size = (int)Math.Min(Math.Max(needed, (long)_buffer.Length * 2), Array.MaxLength);
        if (size < needed)
        {
            throw new InvalidOperationException($"a buffer of {needed} bytes is over the largest array");
        }

        var larger = Rent(size);
        _buffer.AsSpan(0, _written).CopyTo(larger);
        Release(_buffer);
        _buffer = larger;
    }

    private static byte[] Rent(int size) => size > LargeBuffers.Threshold ? LargeBuffers.Allocate(size) : ArrayPool<byte>.Shared.Rent(size);

    // A large buffer is not the pool's: it is dropped, for the collection LargeBuffers starts to give back.
    private static void Release(byte[] buffer)
    {
        if (buffer.Length is > 0 and <= LargeBuffers.Threshold)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
