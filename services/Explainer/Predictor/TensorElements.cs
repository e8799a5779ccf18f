using System.Buffers.Binary;
using Modelplane.Serving.Tensors;

namespace Modelplane.Explainer.Predictor;

/// <summary>Writes perturbed rows, computed as doubles, in the protocol's little-endian layout of the model's input datatype.</summary>
internal static class TensorElements
{
    /// <summary>True for the datatypes a row of numbers can be written as.</summary>
    public static bool IsNumeric(TensorDataType type) => type is not (TensorDataType.Bytes or TensorDataType.Invalid);

    /// <summary>Writes <paramref name="values"/> into <paramref name="destination"/>, which holds exactly that many elements of <paramref name="type"/>.</summary>
    public static void Write(TensorDataType type, ReadOnlySpan<double> values, Span<byte> destination)
    {
        var size = type.ElementSize();
        if (destination.Length != values.Length * size)
        {
            throw new ArgumentException($"{destination.Length} bytes do not hold {values.Length} elements of {type.ToProtocolName()}", nameof(destination));
        }

        // FP32 is what most models take; it skips the per-element dispatch below.
        if (type == TensorDataType.FP32)
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(destination[(i * sizeof(float))..], (float)values[i]);
            }

            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            var element = destination.Slice(i * size, size);
            switch (type)
            {
                case TensorDataType.Bool:
                    element[0] = value != 0 ? (byte)1 : (byte)0;
                    break;
                case TensorDataType.UInt8:
                    element[0] = (byte)Math.Clamp(Math.Round(value), byte.MinValue, byte.MaxValue);
                    break;
                case TensorDataType.Int8:
                    element[0] = unchecked((byte)(sbyte)Math.Clamp(Math.Round(value), sbyte.MinValue, sbyte.MaxValue));
                    break;
                case TensorDataType.UInt16:
                    BinaryPrimitives.WriteUInt16LittleEndian(element, (ushort)Math.Clamp(Math.Round(value), ushort.MinValue, ushort.MaxValue));
                    break;
                case TensorDataType.Int16:
                    BinaryPrimitives.WriteInt16LittleEndian(element, (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue));
                    break;
                case TensorDataType.UInt32:
                    BinaryPrimitives.WriteUInt32LittleEndian(element, (uint)Math.Clamp(Math.Round(value), uint.MinValue, uint.MaxValue));
                    break;
                case TensorDataType.Int32:
                    BinaryPrimitives.WriteInt32LittleEndian(element, (int)Math.Clamp(Math.Round(value), int.MinValue, int.MaxValue));
                    break;
                case TensorDataType.UInt64:
                    BinaryPrimitives.WriteUInt64LittleEndian(element, (ulong)Math.Max(Math.Round(value), 0));
                    break;
                case TensorDataType.Int64:
                    BinaryPrimitives.WriteInt64LittleEndian(element, (long)Math.Round(value));
                    break;
                case TensorDataType.FP16:
                    BinaryPrimitives.WriteHalfLittleEndian(element, (Half)value);
                    break;
                case TensorDataType.FP32:
                    BinaryPrimitives.WriteSingleLittleEndian(element, (float)value);
                    break;
                case TensorDataType.FP64:
                    BinaryPrimitives.WriteDoubleLittleEndian(element, value);
                    break;
                case TensorDataType.BF16:
                    BinaryPrimitives.WriteUInt16LittleEndian(element, BFloat16Bits.FromDouble(value));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(type), type, $"{type.ToProtocolName()} elements are not numbers");
            }
        }
    }
}
