using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.V2;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Protocol.V2;

/// <summary>
/// The v2 JSON codec for every datatype at its extremes: a request's <c>data</c> decodes to the exact bytes of the
/// binary layout, and a written response reads back bit for bit.
/// </summary>
public sealed class V2JsonCodecTests
{
    /// <summary>Datatype, shape, JSON data, and the bytes the data must decode to.</summary>
    public static TheoryData<string, string, string, byte[]> EveryDatatype => new()
    {
        { "BOOL", "[3]", "[true, false, true]", [1, 0, 1] },
        { "UINT8", "[4]", "[0, 1, 254, 255]", [0, 1, 254, 255] },
        { "UINT16", "[3]", "[0, 258, 65535]", Le<ushort>(0, 258, ushort.MaxValue) },
        { "UINT32", "[3]", "[0, 16909060, 4294967295]", Le<uint>(0, 0x01020304, uint.MaxValue) },
        { "UINT64", "[3]", "[0, 72623859790382856, 18446744073709551615]", Le<ulong>(0, 0x0102030405060708, ulong.MaxValue) },
        { "INT8", "[3]", "[-128, -1, 127]", Le<sbyte>(sbyte.MinValue, -1, sbyte.MaxValue) },
        { "INT16", "[3]", "[-32768, -1, 32767]", Le<short>(short.MinValue, -1, short.MaxValue) },
        { "INT32", "[3]", "[-2147483648, -1, 2147483647]", Le(int.MinValue, -1, int.MaxValue) },
        { "INT64", "[3]", "[-9223372036854775808, -1, 9223372036854775807]", Le(long.MinValue, -1L, long.MaxValue) },

        // Max, min, smallest normal, smallest subnormal, -0, 1, 0.1 (rounded), 65519 (rounds down to the max),
        // and two ties that round to the even neighbour.
        {
            "FP16", "[10]", "[65504, -65504, 6.1035156e-05, 5.9604645e-08, -0.0, 1, 0.1, 65519, 1.00048828125, 1.00146484375]",
            Le<ushort>(0x7BFF, 0xFBFF, 0x0400, 0x0001, 0x8000, 0x3C00, 0x2E66, 0x7BFF, 0x3C00, 0x3C02)
        },

        // Max, min, smallest normal, smallest subnormal, -0, 0.1 (rounded), and 2^24 + 1 rounding to 2^24.
        {
            "FP32", "[7]", "[3.4028235e38, -3.4028235e38, 1.1754944e-38, 1.4e-45, -0.0, 0.1, 16777217]",
            Le<uint>(0x7F7FFFFF, 0xFF7FFFFF, 0x00800000, 0x00000001, 0x80000000, 0x3DCCCCCD, 0x4B800000)
        },
        {
            "FP64", "[6]", "[1.7976931348623157e308, -1.7976931348623157e308, 2.2250738585072014e-308, 5e-324, -0.0, 0.1]",
            Le<ulong>(0x7FEFFFFFFFFFFFFF, 0xFFEFFFFFFFFFFFFF, 0x0010000000000000, 0x0000000000000001, 0x8000000000000000, 0x3FB999999999999A)
        },

        // 1, a tie rounding down to even, an exact value, a tie rounding up to even, 0.1 rounding up, -2,
        // the largest bfloat16, and a subnormal float that keeps its top bits.
        {
            "BF16", "[8]", "[1, 1.00390625, 1.0078125, 1.01171875, 0.1, -2, 3.3895313892515355e38, 1e-40]",
            Le<ushort>(0x3F80, 0x3F80, 0x3F81, 0x3F82, 0x3DCD, 0xC000, 0x7F7F, 0x0001)
        },
        {
            "BYTES", "[6]", """["hello", "", "日本語 ✓", "tab\tquote\"slash\\", {"b64": "aGk="}, "\u00e9"]""",
            Prefixed("hello"u8.ToArray(), [], Encoding.UTF8.GetBytes("日本語 ✓"), "tab\tquote\"slash\\"u8.ToArray(), "hi"u8.ToArray(), [0xC3, 0xA9])
        },
    };

    [Theory]
    [MemberData(nameof(EveryDatatype))]
    public void Request_data_decodes_to_the_exact_binary_layout(string datatype, string shape, string data, byte[] expected)
    {
        var request = Read($$"""{"inputs": [{"name": "x", "datatype": "{{datatype}}", "shape": {{shape}}, "data": {{data}}}]}""");

        var tensor = Assert.Single(request.Inputs);
        Assert.Equal("x", tensor.Name);
        Assert.Equal(datatype, tensor.DataType.ToProtocolName());
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(tensor.Data.Span));
    }

    [Theory]
    [MemberData(nameof(EveryDatatype))]
    public void A_written_response_reads_back_bit_exactly(string datatype, string shape, string data, byte[] expected)
    {
        var decoded = Read($$"""{"inputs": [{"name": "x", "datatype": "{{datatype}}", "shape": {{shape}}, "data": {{data}}}]}""").Inputs[0];
        var written = new InferenceResponse
        {
            ModelName = "m",
            ModelVersion = "3",
            Id = "req-1",
            Outputs = [new InferenceTensor("y", decoded.DataType, decoded.Shape, decoded.Data)],
        };

        var back = V2JsonCodec.ReadResponse(Write(written));

        Assert.Equal("m", back.ModelName);
        Assert.Equal("3", back.ModelVersion);
        Assert.Equal("req-1", back.Id);
        var tensor = Assert.Single(back.Outputs);
        Assert.Equal("y", tensor.Name);
        Assert.Equal(datatype, tensor.DataType.ToProtocolName());
        Assert.Equal(decoded.Shape, tensor.Shape);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(tensor.Data.Span));
    }

    // Each number lies just above a tie of the narrow type but rounds to the tie itself as a float; rounding
    // through float first would then round the tie to even, one unit too low.
    [Theory]
    [InlineData("FP16", "1.0004882812500002", 0x3C01)]
    [InlineData("FP16", "-1.0004882812500002", 0xBC01)]
    [InlineData("BF16", "1.0039062500000002", 0x3F81)]
    public void Half_width_floats_are_rounded_once_from_the_JSON_number(string datatype, string number, int bits)
    {
        var request = Read($$"""{"inputs": [{"name": "x", "datatype": "{{datatype}}", "shape": [1], "data": [{{number}}]}]}""");

        Assert.Equal(Convert.ToHexString(Le((ushort)bits)), Convert.ToHexString(request.Inputs[0].Data.Span));
    }

    [Fact]
    public void Base64_objects_carry_bytes_that_are_not_text()
    {
        var request = Read("""{"inputs": [{"name": "blob", "datatype": "BYTES", "shape": [2], "data": [{"b64": "AAEC/w=="}, {"b64": ""}]}]}""");

        Assert.Equal(Convert.ToHexString(Prefixed([0x00, 0x01, 0x02, 0xFF], [])), Convert.ToHexString(request.Inputs[0].Data.Span));
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_cannot_be_written_as_JSON()
    {
        var response = Response(new InferenceTensor("blob", TensorDataType.Bytes, [1], Prefixed([0x00, 0xFF])));

        var error = Assert.Throws<InferenceException>(() => Write(response));

        Assert.Equal(InferenceErrorKind.Internal, error.Kind);
        Assert.Contains("output 'blob': element 0 is not UTF-8 text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_is_written_as_UTF8_without_escapes()
    {
        var json = Encoding.UTF8.GetString(Write(Response(InferenceTensor.FromStrings("text", [2], ["日本語", "it's"]))));

        Assert.Contains("\"data\":[\"日本語\",\"it's\"]", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FP16", 0x7C00)]
    [InlineData("FP16", 0x7E00)]
    [InlineData("BF16", 0xFF80)]
    [InlineData("BF16", 0x7FC0)]
    public void Half_width_NaN_or_infinity_is_refused_on_writing(string datatype, int bits)
    {
        Assert.True(TensorDataTypeExtensions.TryParse(datatype, out var type));
        var error = Assert.Throws<InferenceException>(() => Write(Response(new InferenceTensor("y", type, [1], Le((ushort)bits)))));

        Assert.Equal(InferenceErrorKind.Internal, error.Kind);
        Assert.Contains("output 'y' holds NaN or Infinity, which JSON cannot carry", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Float_NaN_or_infinity_is_refused_on_writing(float value)
    {
        var fp32 = Assert.Throws<InferenceException>(() => Write(Response(InferenceTensor.FromValues<float>("y", TensorDataType.FP32, [2], [1, value]))));
        var fp64 = Assert.Throws<InferenceException>(() => Write(Response(InferenceTensor.FromValues<double>("y", TensorDataType.FP64, [2], [1, value]))));

        Assert.Equal(InferenceErrorKind.Internal, fp32.Kind);
        Assert.Equal(InferenceErrorKind.Internal, fp64.Kind);
        Assert.Contains("holds NaN or Infinity", fp32.Message, StringComparison.Ordinal);
        Assert.Contains("holds NaN or Infinity", fp64.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_is_written_in_the_protocol_form()
    {
        var response = new InferenceResponse
        {
            ModelName = "iris",
            ModelVersion = "2",
            Id = "req-7",
            Parameters = new InferenceParameters().Set("sequence_end", true),
            Outputs =
            [
                InferenceTensor.FromValues<long>("label", TensorDataType.Int64, [2], [1, 2]),
                InferenceTensor.FromValues<float>("probabilities", TensorDataType.FP32, [2, 2], [0.25f, 0.75f, 0.5f, 0.5f], new InferenceParameters().Set("binary_data", false)),
            ],
        };

        Assert.Equal(
            """{"model_name":"iris","model_version":"2","id":"req-7","parameters":{"sequence_end":true},"outputs":[{"name":"label","datatype":"INT64","shape":[2],"data":[1,2]},{"name":"probabilities","datatype":"FP32","shape":[2,2],"parameters":{"binary_data":false},"data":[0.25,0.75,0.5,0.5]}]}""",
            Encoding.UTF8.GetString(Write(response)));
    }

    [Fact]
    public void Nested_data_flattens_in_row_major_order()
    {
        var request = Read("""
            {"inputs": [
              {"name": "matrix", "datatype": "INT32", "shape": [2, 3], "data": [[1, 2, 3], [4, 5, 6]]},
              {"name": "cube", "datatype": "FP64", "shape": [2, 2, 1], "data": [[[1], [2]], [[3], [4]]]},
              {"name": "words", "datatype": "BYTES", "shape": [2, 2], "data": [["a", "b"], ["c", {"b64": "ZA=="}]]}
            ]}
            """);

        Assert.Equal([1, 2, 3, 4, 5, 6], request.Inputs[0].AsSpan<int>().ToArray());
        Assert.Equal([2, 3], request.Inputs[0].Shape);
        Assert.Equal([1.0, 2, 3, 4], request.Inputs[1].AsSpan<double>().ToArray());
        Assert.Equal(["a", "b", "c", "d"], BytesElements.Enumerate(request.Inputs[2].Data).Select(e => Encoding.UTF8.GetString(e.Span)));
    }

    [Fact]
    public void Data_may_come_before_datatype_and_shape()
    {
        var request = Read("""
            {"inputs": [{"data": [[1, -2], [3, -4]], "shape": [2, 2], "parameters": {"content_type": "np"}, "datatype": "INT16", "name": "x"}]}
            """);

        var tensor = Assert.Single(request.Inputs);
        Assert.Equal(TensorDataType.Int16, tensor.DataType);
        Assert.Equal(new short[] { 1, -2, 3, -4 }, tensor.AsSpan<short>().ToArray());
        Assert.True(tensor.Parameters!.TryGet<string>("content_type", out var contentType));
        Assert.Equal("np", contentType);
    }

    [Fact]
    public void Unknown_properties_are_passed_over_and_escaped_names_are_read()
    {
        var request = Read("""
            {"extension": {"a": [1, {"b": [2]}]}, "inputs": [{"name": "x", "note": [[["deep"]]], "datatype": "FP\u0033\u0032", "shape": [1], "data": [2.5]}], "trailer": null}
            """);

        Assert.Equal(TensorDataType.FP32, request.Inputs[0].DataType);
        Assert.Equal([2.5f], request.Inputs[0].AsSpan<float>().ToArray());
    }

    [Fact]
    public void Id_parameters_and_requested_outputs_survive_reading_and_writing()
    {
        var request = Read("""
            {
              "id": "req-42",
              "parameters": {"priority": 3, "trace": true, "tag": "canary", "temperature": 0.5, "big": -9223372036854775808},
              "inputs": [{"name": "x", "datatype": "FP32", "shape": [1], "data": [1], "parameters": {"content_type": "np"}}],
              "outputs": [{"name": "probabilities", "parameters": {"classification": 2, "binary_data": false}}, {"name": "label"}]
            }
            """);
        AssertRequest(request);

        var buffer = new PooledBufferWriter();
        using (buffer)
        {
            V2JsonCodec.WriteRequest(buffer, request);
            AssertRequest(V2JsonCodec.ReadRequest(buffer.WrittenSpan));
        }

        static void AssertRequest(InferenceRequest request)
        {
            Assert.Equal("req-42", request.Id);
            var parameters = request.Parameters!;
            Assert.Equal(5, parameters.Count);
            Assert.True(parameters.TryGet<long>("priority", out var priority) && priority == 3);
            Assert.True(parameters.TryGet<bool>("trace", out var trace) && trace);
            Assert.True(parameters.TryGet<string>("tag", out var tag) && tag == "canary");
            Assert.True(parameters.TryGet<double>("temperature", out var temperature) && temperature == 0.5);
            Assert.True(parameters.TryGet<long>("big", out var big) && big == long.MinValue);
            Assert.True(request.Inputs[0].Parameters!.TryGet<string>("content_type", out var contentType) && contentType == "np");
            Assert.Equal(["probabilities", "label"], request.Outputs!.Select(o => o.Name));
            Assert.True(request.Outputs![0].Parameters!.TryGet<long>("classification", out var k) && k == 2);
            Assert.True(request.Outputs[0].Parameters!.TryGet<bool>("binary_data", out var binary) && !binary);
            Assert.Null(request.Outputs[1].Parameters);
        }
    }

    [Fact]
    public void A_request_without_outputs_asks_for_every_output()
    {
        var request = Read("""{"inputs": [{"name": "x", "datatype": "BOOL", "shape": [0], "data": []}]}""");

        Assert.Null(request.Outputs);
        Assert.Null(request.Id);
        Assert.Null(request.Parameters);
        Assert.Equal(0, request.Inputs[0].ElementCount);
    }

    [Fact]
    public void A_response_without_model_name_is_refused()
    {
        var error = Assert.Throws<InferenceException>(() => V2JsonCodec.ReadResponse("""{"outputs": []}"""u8));

        Assert.Equal(InferenceErrorKind.BadRequest, error.Kind);
        Assert.Contains("response has no 'model_name'", error.Message, StringComparison.Ordinal);
    }

    private static InferenceRequest Read(string json) => V2JsonCodec.ReadRequest(Encoding.UTF8.GetBytes(json));

    private static byte[] Write(InferenceResponse response)
    {
        using var buffer = new PooledBufferWriter();
        V2JsonCodec.WriteResponse(buffer, response);
        return buffer.ToArray();
    }

    private static InferenceResponse Response(InferenceTensor output) => new() { ModelName = "m", Outputs = [output] };

    private static byte[] Le<T>(params T[] values)
        where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static byte[] Prefixed(params byte[][] elements)
    {
        var data = new List<byte>();
        foreach (var element in elements)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, element.Length);
            data.AddRange(length);
            data.AddRange(element);
        }

        return [.. data];
    }
}
