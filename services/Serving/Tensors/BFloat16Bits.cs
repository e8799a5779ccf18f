namespace Modelplane.Serving.Tensors;

/// <summary>Conversions between <see cref="float"/> and the 16 bits of a bfloat16 (the upper half of a float).</summary>
public static class BFloat16Bits
{
    /// <summary>Rounds a float to the nearest bfloat16, ties to even; NaN stays NaN.</summary>
    public static ushort FromSingle(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        var roundingBias = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + roundingBias) >> 16);
    }

    /// <summary>
    /// Rounds a double to the nearest bfloat16, ties to even, rounding once: the step through float rounds to odd,
    /// which keeps the information the final rounding needs.
    /// </summary>
    public static ushort FromDouble(double value)
    {
        var single = (float)value;
        if (double.IsFinite(value) && single != value)
        {
            var bits = BitConverter.SingleToUInt32Bits(single);
            if (Math.Abs((double)single) > Math.Abs(value))
            {
                bits--;
            }

            single = BitConverter.UInt32BitsToSingle(bits | 1);
        }

        return FromSingle(single);
    }

    /// <summary>Widens bfloat16 bits to a float exactly.</summary>
    public static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);
}
