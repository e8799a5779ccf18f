using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Tensors;

/// <summary>bfloat16 is the upper half of a float, rounded to nearest with ties to even.</summary>
public sealed class BFloat16BitsTests
{
    [Theory]
    [InlineData(0x3F800000u, 0x3F80)]
    [InlineData(0x3F808000u, 0x3F80)]
    [InlineData(0x3F808001u, 0x3F81)]
    [InlineData(0x3F818000u, 0x3F82)]
    [InlineData(0x3F817FFFu, 0x3F81)]
    [InlineData(0x80000000u, 0x8000)]
    [InlineData(0x00000001u, 0x0000)]
    [InlineData(0x7F7F7FFFu, 0x7F7F)]
    [InlineData(0x7F7FFFFFu, 0x7F80)]
    [InlineData(0xFF800000u, 0xFF80)]
    public void Floats_round_to_the_nearest_bfloat16_ties_to_even(uint floatBits, int expected) =>
        Assert.Equal((ushort)expected, BFloat16Bits.FromSingle(BitConverter.UInt32BitsToSingle(floatBits)));

    [Theory]
    [InlineData(0x7FC00000u)]
    [InlineData(0x7F800001u)]
    [InlineData(0xFFFFFFFFu)]
    public void NaN_stays_NaN(uint floatBits) =>
        Assert.True(float.IsNaN(BFloat16Bits.ToSingle(BFloat16Bits.FromSingle(BitConverter.UInt32BitsToSingle(floatBits)))));

    [Fact]
    public void Every_bfloat16_widens_exactly_and_narrows_back()
    {
        for (var bits = 0; bits <= ushort.MaxValue; bits++)
        {
            var value = BFloat16Bits.ToSingle((ushort)bits);
            Assert.Equal((uint)bits << 16, BitConverter.SingleToUInt32Bits(value));
            if (!float.IsNaN(value))
            {
                Assert.Equal((ushort)bits, BFloat16Bits.FromSingle(value));
            }
        }
    }
}
