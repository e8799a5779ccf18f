using System.Text;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Tensors;

/// <summary>Protocol names and element sizes of the datatypes.</summary>
public sealed class TensorDataTypeExtensionsTests
{
    [Theory]
    [InlineData("BOOL", TensorDataType.Bool, 1)]
    [InlineData("UINT8", TensorDataType.UInt8, 1)]
    [InlineData("UINT16", TensorDataType.UInt16, 2)]
    [InlineData("UINT32", TensorDataType.UInt32, 4)]
    [InlineData("UINT64", TensorDataType.UInt64, 8)]
    [InlineData("INT8", TensorDataType.Int8, 1)]
    [InlineData("INT16", TensorDataType.Int16, 2)]
    [InlineData("INT32", TensorDataType.Int32, 4)]
    [InlineData("INT64", TensorDataType.Int64, 8)]
    [InlineData("FP16", TensorDataType.FP16, 2)]
    [InlineData("FP32", TensorDataType.FP32, 4)]
    [InlineData("FP64", TensorDataType.FP64, 8)]
    [InlineData("BF16", TensorDataType.BF16, 2)]
    [InlineData("BYTES", TensorDataType.Bytes, 0)]
    public void Each_type_has_its_protocol_name_and_size(string name, TensorDataType type, int size)
    {
        Assert.Equal(name, type.ToProtocolName());
        Assert.True(TensorDataTypeExtensions.TryParse(name, out var parsed));
        Assert.Equal(type, parsed);
        Assert.True(TensorDataTypeExtensions.TryParse(Encoding.ASCII.GetBytes(name), out var parsedUtf8));
        Assert.Equal(type, parsedUtf8);
        Assert.Equal(size, type.ElementSize());
        Assert.Equal(name.StartsWith("FP", StringComparison.Ordinal) || name == "BF16", type.IsFloatingPoint());
    }

    [Theory]
    [InlineData("INVALID")]
    [InlineData("fp32")]
    [InlineData("FLOAT32")]
    [InlineData("")]
    public void Other_names_are_not_types(string name)
    {
        Assert.False(TensorDataTypeExtensions.TryParse(name, out var type));
        Assert.Equal(TensorDataType.Invalid, type);
        Assert.False(TensorDataTypeExtensions.TryParse(Encoding.ASCII.GetBytes(name), out _));
    }

    [Fact]
    public void Valid_names_list_every_type_in_protocol_order()
    {
        Assert.Equal("BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BF16, BYTES", TensorDataTypeExtensions.ValidNames);
        Assert.Throws<ArgumentOutOfRangeException>(() => TensorDataType.Invalid.ElementSize());
    }
}
