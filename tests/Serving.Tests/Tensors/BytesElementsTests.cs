using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Tensors;

/// <summary>The length-prefixed layout of BYTES data.</summary>
public sealed class BytesElementsTests
{
    [Fact]
    public void Elements_are_prefixed_with_their_little_endian_length()
    {
        var data = BytesElements.Encode(new ReadOnlyMemory<byte>[] { "ab"u8.ToArray(), Array.Empty<byte>(), new byte[] { 0xFF } });

        Assert.Equal("0200000061620000000001000000FF", Convert.ToHexString(data));
        Assert.True(BytesElements.TryCount(data, out var count));
        Assert.Equal(3, count);
        Assert.Equal(["6162", "", "FF"], BytesElements.Enumerate(data).Select(e => Convert.ToHexString(e.Span)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("00000000")]
    [InlineData("0100000041")]
    public void Well_formed_data_counts(string hex) =>
        Assert.True(BytesElements.TryCount(Convert.FromHexString(hex), out _));

    [Theory]
    [InlineData("010000")]
    [InlineData("0200000041")]
    [InlineData("FFFFFFFF41")]
    [InlineData("0100000041FF")]
    public void A_length_running_past_the_end_is_malformed(string hex) =>
        Assert.False(BytesElements.TryCount(Convert.FromHexString(hex), out _));
}
