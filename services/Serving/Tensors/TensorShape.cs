using System.Globalization;
using System.Text;

namespace Modelplane.Serving.Tensors;

/// <summary>Element counts and the protocol's text form (<c>[2,4]</c>) of tensor shapes.</summary>
public static class TensorShape
{
    /// <summary>
    /// The number of elements a concrete shape holds; false when a dimension is negative or the product
    /// overflows, which for a shape sent by a client means the shape is absurd, not that memory is short.
    /// </summary>
    public static bool TryGetElementCount(ReadOnlySpan<long> shape, out long count)
    {
        count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                return false;
            }

            try
            {
                count = checked(count * dim);
            }
            catch (OverflowException)
            {
                count = -1;
                return false;
            }
        }

        return true;
    }

    /// <summary>The element count of a shape known to be valid.</summary>
    public static long ElementCount(ReadOnlySpan<long> shape) =>
        TryGetElementCount(shape, out var count) ? count : throw new ArgumentException($"shape {Format(shape)} is not a concrete shape", nameof(shape));

    /// <summary>Formats a shape as the protocol writes it: <c>[-1,4]</c>.</summary>
    public static string Format(ReadOnlySpan<long> shape)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        return text.Append(']').ToString();
    }
}
