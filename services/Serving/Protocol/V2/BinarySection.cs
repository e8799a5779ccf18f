using Modelplane.Serving.Errors;

namespace Modelplane.Serving.Protocol.V2;

/// <summary>
/// The binary part of a body under the binary tensor extension: what follows the JSON header, handed out in
/// order to the tensors that declare a <c>binary_data_size</c>.
/// </summary>
internal sealed class BinarySection(ReadOnlyMemory<byte> data)
{
    private ReadOnlyMemory<byte> _remaining = data;

    /// <summary>The parameter that gives a tensor's size in the binary part.</summary>
    public const string SizeParameter = "binary_data_size";

    /// <summary>The next <paramref name="size"/> bytes, without copying them.</summary>
    public ReadOnlyMemory<byte> Take(long size, string owner)
    {
        if (size < 0 || size > _remaining.Length)
        {
            throw InferenceException.BadRequest(
                $"{owner}: {SizeParameter} {size} runs past the end of the binary data ({_remaining.Length} bytes left)");
        }

        var slice = _remaining[..(int)size];
        _remaining = _remaining[(int)size..];
        return slice;
    }

    /// <summary>Throws when bytes are left that no tensor claimed.</summary>
    public void EnsureConsumed()
    {
        if (!_remaining.IsEmpty)
        {
            throw InferenceException.BadRequest($"the body has {_remaining.Length} bytes of binary data that no tensor's {SizeParameter} claims");
        }
    }
}
