using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Tensors;

/// <summary>A tensor's data must fill its shape exactly; numeric data widens to doubles.</summary>
public sealed class InferenceTensorTests
{
    [Fact]
    public void Data_that_does_not_fill_the_shape_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new InferenceTensor("x", TensorDataType.FP32, [2, 2], new byte[12]));

        Assert.Contains("tensor 'x': 12 bytes of FP32 data do not fill shape [2,2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_that_is_not_concrete_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new InferenceTensor("x", TensorDataType.FP32, [-1, 4], new byte[16]));

        Assert.Contains("shape [-1,4] is not a concrete shape", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_data_must_hold_as_many_elements_as_the_shape()
    {
        var two = BytesElements.Encode(new ReadOnlyMemory<byte>[] { "a"u8.ToArray(), "bc"u8.ToArray() });

        Assert.Equal(2, new InferenceTensor("s", TensorDataType.Bytes, [2], two).ElementCount);
        Assert.Throws<ArgumentException>(() => new InferenceTensor("s", TensorDataType.Bytes, [3], two));
        Assert.Throws<ArgumentException>(() => new InferenceTensor("s", TensorDataType.Bytes, [2], two.AsMemory(0, two.Length - 1)));
    }

    [Fact]
    public void Every_numeric_type_widens_to_doubles()
    {
        Assert.Equal([1.0, 0.0], new InferenceTensor("b", TensorDataType.Bool, [2], new byte[] { 1, 0 }).ToDoubles());
        Assert.Equal([255.0], InferenceTensor.FromValues<byte>("u8", TensorDataType.UInt8, [1], [255]).ToDoubles());
        Assert.Equal([65535.0], InferenceTensor.FromValues<ushort>("u16", TensorDataType.UInt16, [1], [ushort.MaxValue]).ToDoubles());
        Assert.Equal([4294967295.0], InferenceTensor.FromValues<uint>("u32", TensorDataType.UInt32, [1], [uint.MaxValue]).ToDoubles());
        Assert.Equal([18446744073709551615.0], InferenceTensor.FromValues<ulong>("u64", TensorDataType.UInt64, [1], [ulong.MaxValue]).ToDoubles());
        Assert.Equal([-128.0], InferenceTensor.FromValues<sbyte>("i8", TensorDataType.Int8, [1], [sbyte.MinValue]).ToDoubles());
        Assert.Equal([-32768.0], InferenceTensor.FromValues<short>("i16", TensorDataType.Int16, [1], [short.MinValue]).ToDoubles());
        Assert.Equal([-2147483648.0], InferenceTensor.FromValues<int>("i32", TensorDataType.Int32, [1], [int.MinValue]).ToDoubles());
        Assert.Equal([-9223372036854775808.0], InferenceTensor.FromValues<long>("i64", TensorDataType.Int64, [1], [long.MinValue]).ToDoubles());
        Assert.Equal([65504.0], InferenceTensor.FromValues<Half>("f16", TensorDataType.FP16, [1], [Half.MaxValue]).ToDoubles());
        Assert.Equal([0.5], InferenceTensor.FromValues<float>("f32", TensorDataType.FP32, [1], [0.5f]).ToDoubles());
        Assert.Equal([0.1], InferenceTensor.FromValues<double>("f64", TensorDataType.FP64, [1], [0.1]).ToDoubles());
        Assert.Equal([-2.0], InferenceTensor.FromValues<ushort>("bf16", TensorDataType.BF16, [1], [0xC000]).ToDoubles());
    }

    [Fact]
    public void Text_is_not_numbers()
    {
        var text = InferenceTensor.FromStrings("s", [1], ["a"]);

        Assert.Throws<InvalidOperationException>(() => text.ToDoubles());
        Assert.Throws<InvalidOperationException>(() => text.AsSpan<byte>().Length);
    }
}
