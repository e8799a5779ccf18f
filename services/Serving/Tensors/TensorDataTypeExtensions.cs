using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Modelplane.Serving.Tensors;

/// <summary>Protocol names and element sizes of <see cref="TensorDataType"/>.</summary>
public static class TensorDataTypeExtensions
{
    private static readonly string[] Names =
        ["INVALID", "BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BF16", "BYTES"];

    private static readonly FrozenDictionary<string, TensorDataType> ByName =
        Enum.GetValues<TensorDataType>().Where(t => t != TensorDataType.Invalid).ToFrozenDictionary(t => Names[(int)t], StringComparer.Ordinal);

    /// <summary>Every valid protocol name, for error messages.</summary>
    public static string ValidNames { get; } = string.Join(", ", ByName.Keys.OrderBy(n => Array.IndexOf(Names, n)));

    /// <summary>The protocol's name for the type: <c>FP32</c>, <c>BYTES</c>, ...</summary>
    public static string ToProtocolName(this TensorDataType type) => Names[(int)type];

    /// <summary>Parses a protocol name; names are case-sensitive as in the protocol.</summary>
    public static bool TryParse(string name, [NotNullWhen(true)] out TensorDataType type)
    {
        if (ByName.TryGetValue(name, out var found))
        {
            type = found;
            return true;
        }

        type = TensorDataType.Invalid;
        return false;
    }

    /// <summary>Parses a protocol name from UTF-8 bytes without allocating for the known names.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Name, out TensorDataType type)
    {
        for (var i = 1; i < Names.Length; i++)
        {
            if (Ascii.Equals(utf8Name, Names[i]))
            {
                type = (TensorDataType)i;
                return true;
            }
        }

        type = TensorDataType.Invalid;
        return false;
    }

    /// <summary>Bytes per element; 0 for <see cref="TensorDataType.Bytes"/>, whose elements vary in length.</summary>
    public static int ElementSize(this TensorDataType type) => type switch
    {
        TensorDataType.Bool or TensorDataType.UInt8 or TensorDataType.Int8 => 1,
        TensorDataType.UInt16 or TensorDataType.Int16 or TensorDataType.FP16 or TensorDataType.BF16 => 2,
        TensorDataType.UInt32 or TensorDataType.Int32 or TensorDataType.FP32 => 4,
        TensorDataType.UInt64 or TensorDataType.Int64 or TensorDataType.FP64 => 8,
        TensorDataType.Bytes => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a tensor data type"),
    };

    /// <summary>True for the floating-point types, which JSON cannot carry NaN or infinity for.</summary>
    public static bool IsFloatingPoint(this TensorDataType type) =>
        type is TensorDataType.FP16 or TensorDataType.FP32 or TensorDataType.FP64 or TensorDataType.BF16;
}
