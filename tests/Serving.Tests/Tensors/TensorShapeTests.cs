using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Tensors;

/// <summary>Element counts of shapes, with negative and overflowing shapes refused, and the protocol's text form.</summary>
public sealed class TensorShapeTests
{
    [Theory]
    [InlineData(new long[0], 1)]
    [InlineData(new long[] { 0 }, 0)]
    [InlineData(new long[] { 2, 3, 4 }, 24)]
    [InlineData(new long[] { 0, long.MaxValue, long.MaxValue }, 0)]
    [InlineData(new long[] { 3037000499, 3037000499 }, 9223372030926249001)]
    public void Concrete_shapes_count_their_elements(long[] shape, long expected)
    {
        Assert.True(TensorShape.TryGetElementCount(shape, out var count));
        Assert.Equal(expected, count);
        Assert.Equal(expected, TensorShape.ElementCount(shape));
    }

    [Theory]
    [InlineData(new long[] { -1, 4 })]
    [InlineData(new long[] { 4, -1 })]
    [InlineData(new long[] { 4294967296, 4294967296 })]
    [InlineData(new long[] { long.MaxValue, 2 })]
    public void Negative_or_overflowing_shapes_have_no_count(long[] shape)
    {
        Assert.False(TensorShape.TryGetElementCount(shape, out _));
        Assert.Throws<ArgumentException>(() => TensorShape.ElementCount(shape));
    }

    [Theory]
    [InlineData(new long[0], "[]")]
    [InlineData(new long[] { -1, 4 }, "[-1,4]")]
    [InlineData(new long[] { 9223372036854775807 }, "[9223372036854775807]")]
    public void Shapes_are_formatted_as_the_protocol_writes_them(long[] shape, string text) =>
        Assert.Equal(text, TensorShape.Format(shape));
}
