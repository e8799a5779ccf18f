using System.Globalization;

namespace Modelplane.ModelBuilder.Onnx;

/// <summary>One dimension of a declared tensor shape: a fixed size, or a symbolic name such as "batch".</summary>
internal readonly record struct TensorDimension
{
    private TensorDimension(long? size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    public long? Size { get; }

    public string? Symbol { get; }

    public static TensorDimension Fixed(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new TensorDimension(size, null);
    }

    public static TensorDimension Symbolic(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        return new TensorDimension(null, symbol);
    }

    // Lets callers write shapes as ["batch", 4].
    public static implicit operator TensorDimension(long size) => Fixed(size);

    public static implicit operator TensorDimension(string symbol) => Symbolic(symbol);

    public override string ToString() => Symbol ?? Size?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
