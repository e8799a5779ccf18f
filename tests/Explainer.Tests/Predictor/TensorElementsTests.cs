using Modelplane.Explainer.Predictor;
using Modelplane.Serving.Tensors;

namespace Modelplane.Explainer.Tests.Predictor;

public sealed class TensorElementsTests
{
    private static readonly double[] Values = [-1.6, 0, 2.5, 300];

    [Fact]
    public void Each_datatype_gets_the_values_as_the_model_reads_them()
    {
        Assert.Equal([-1.6f, 0f, 2.5f, 300f], Written<float>(TensorDataType.FP32));
        Assert.Equal(Values, Written<double>(TensorDataType.FP64));
        Assert.Equal([(Half)(-1.6), (Half)0, (Half)2.5, (Half)300], Written<Half>(TensorDataType.FP16));
        Assert.Equal([-2L, 0L, 2L, 300L], Written<long>(TensorDataType.Int64));
        Assert.Equal([-2, 0, 2, 300], Written<int>(TensorDataType.Int32));

        // Integers round to even and saturate at the type's range.
        Assert.Equal([(byte)0, (byte)0, (byte)2, (byte)255], Written<byte>(TensorDataType.UInt8));
        Assert.Equal([(sbyte)-2, (sbyte)0, (sbyte)2, (sbyte)127], Written<sbyte>(TensorDataType.Int8));
        Assert.Equal([(byte)1, (byte)0, (byte)1, (byte)1], Written<byte>(TensorDataType.Bool));
        Assert.Equal([-1.6f, 0f, 2.5f, 300f], Written<ushort>(TensorDataType.BF16).Select(BFloat16Bits.ToSingle), new RoundedTo(0.01f));
    }

    [Fact]
    public void Bytes_are_not_numbers()
    {
        Assert.False(TensorElements.IsNumeric(TensorDataType.Bytes));
        Assert.True(TensorElements.IsNumeric(TensorDataType.UInt16));
    }

    private static T[] Written<T>(TensorDataType type)
        where T : unmanaged
    {
        var bytes = new byte[Values.Length * type.ElementSize()];
        TensorElements.Write(type, Values, bytes);
        return new InferenceTensor("x", type, [Values.Length], bytes).AsSpan<T>().ToArray();
    }

    private sealed class RoundedTo(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= Math.Abs(x) * tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
