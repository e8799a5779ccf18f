using System.Globalization;
using System.Text;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.V1;
using Modelplane.Serving.Protocol.V2;
using Modelplane.Serving.Tensors;

namespace Modelplane.Serving.Tests.Protocol.V1;

/// <summary>
/// The in-place v1 reader gives what the JsonDocument reader it replaced gave (<see cref="DocumentV1Reader"/>): the same
/// tensors, or the same 400 with the same message, for small bodies with every shape of edge and for bodies over
/// <see cref="LargeBuffers.Threshold"/>, whose buffers are sized from the rows; large v2 bodies give the same tensor.
/// </summary>
public sealed class V1InPlaceReaderTests
{
    private static readonly TensorMetadata[] Floats = [new("x", TensorDataType.FP32, [-1, -1])];
    private static readonly TensorMetadata[] Images = [new("x", TensorDataType.FP32, [-1, 2, 2])];
    private static readonly TensorMetadata[] Bools = [new("x", TensorDataType.Bool, [-1, 2])];
    private static readonly TensorMetadata[] Bytes = [new("x", TensorDataType.Bytes, [-1])];
    private static readonly TensorMetadata[] Int8s = [new("x", TensorDataType.Int8, [-1])];
    private static readonly TensorMetadata[] Doubles = [new("x", TensorDataType.FP64, [-1])];
    private static readonly TensorMetadata[] TwoInputs = [new("a", TensorDataType.FP32, [-1, 2]), new("b", TensorDataType.Int32, [-1])];

    public static TheoryData<string, string> Bodies => new()
    {
        // Accepted: nested lists, exponents, integers for floats, booleans, strings and base64, scalars, columns.
        { "images", """{"instances": [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]}""" },
        { "floats", """{"instances": [[1e3, -2.5E-2, 3e+1, 0.1, 1E0], [-0, 0.0, 7, 2, 3.4028234e38]]}""" },
        { "floats", """{"instances": [[]]}""" },
        { "floats", """{"instances": [[], []]}""" },
        { "floats", """{"inputs": [[1, 2], [3, 4]]}""" },
        { "floats", """{"inputs": {"x": [[1.5, 2.5]]}}""" },
        { "floats", """{"instances": [[1, 2]], "instances": [[3, 4, 5]]}""" },
        { "floats", """{"inst\u0061nces": [[9]]}""" },
        { "floats", """{"instances": [[1]], "inputs": [[2]]}""" },
        { "bools", """{"instances": [[true, false], [false, true]]}""" },
        { "bytes", """{"instances": ["a", {"b64": "AAE="}, "\u00e9\n"]}""" },
        { "bytes", """{"instances": [{"b64": "AAE="}, "b"]}""" },
        { "int8s", """{"instances": [-128, 127, 0]}""" },
        { "doubles", """{"instances": [1, 2.5e-300, -1.7976931348623157e308]}""" },
        { "two", """{"instances": [{"a": [1, 2], "b": 3}, {"b": 4, "a": [5, 6]}]}""" },
        { "two", """{"instances": [{"a": [1, 2], "b": 3, "b": 9}]}""" },
        { "two", """{"inputs": {"b": [1, 2], "a": [[1, 2], [3, 4]]}}""" },

        // Refused: wrong shapes, kinds and ranges, wrong layout, and bodies that are not JSON.
        { "floats", """{"instances": [[1, 2], [3, 4, 5]]}""" },
        { "floats", """{"instances": [[1, 2], [3]]}""" },
        { "floats", """{"instances": [[1, 2], 3]}""" },
        { "floats", """{"instances": [1, [2]]}""" },
        { "images", """{"instances": [[[1, 2], [3, 4]], [[5, 6], [7]]]}""" },
        { "images", """{"instances": [[[1, 2], [3, 4]], [[5, 6, 7], [8]]]}""" },
        { "images", """{"instances": [[[1, 2], [3, 4]], [[5], [6, 7, 8]]]}""" },
        { "floats", """{"instances": [[1, "2"]]}""" },
        { "floats", """{"instances": [[1, "NaN"]]}""" },
        { "floats", """{"instances": [[1, null]]}""" },
        { "floats", """{"instances": [[1, 1e39]]}""" },
        { "floats", """{"instances": [[1, true]]}""" },
        { "floats", """{"instances": [[1, {"a": 1}]]}""" },
        { "bools", """{"instances": [[true, 1]]}""" },
        { "int8s", """{"instances": [1, 128]}""" },
        { "int8s", """{"instances": [1, 1.5]}""" },
        { "int8s", """{"instances": [1, 1e2]}""" },
        { "bytes", """{"instances": [{"b64": "AAE="}, {"b64": "!"}]}""" },
        { "bytes", """{"instances": ["a", {"b64": "AAE=", "c": 1}]}""" },
        { "floats", """{"instances": []}""" },
        { "floats", """{"instances": 5}""" },
        { "floats", """{"instances": {"x": [1]}}""" },
        { "floats", """{"inputs": []}""" },
        { "floats", """{"inputs": 5}""" },
        { "floats", """{"inputs": {"y": [[1]]}}""" },
        { "floats", """{"inputs": {"x": []}}""" },
        { "floats", """{"predictions": []}""" },
        { "two", """{"instances": [[1, 2]]}""" },
        { "two", """{"inputs": [[1, 2]]}""" },
        { "two", """{"instances": [{"a": [1, 2], "b": 3}, [5, 6]]}""" },
        { "two", """{"instances": [{"a": [1, 2], "b": 3}, {"a": [5, 6], "c": 1}]}""" },
        { "two", """{"instances": [{"a": [1, 2], "b": 3}, {"a": [5, 6]}]}""" },
        { "two", """{"instances": [{"a": [1, 2], "b": 3}, {"a": [5], "b": 1}, {"b": 2}]}""" },
        { "two", """{"inputs": {"a": [[1, 2]]}}""" },
        { "floats", "" },
        { "floats", "  \n" },
        { "floats", "[1, 2]" },
        { "floats", """{"instances": [[1, 2]]""" },
        { "floats", """{"instances": [[1, 2]]} x""" },
        { "floats", """{"instances": [[1, 2,]]}""" },
        { "floats", """{"instances": 5, "x": }""" },
        { "floats", """{"instances": [[1, 2]], /* c */ "y": 1}""" },
        { "floats", "{\"instances\": " + new string('[', 70) + "1" + new string(']', 70) + "}" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Gives_what_the_document_reader_gave(string model, string body)
    {
        var inputs = Inputs(model);
        var json = Encoding.UTF8.GetBytes(body);

        AssertSame(() => DocumentV1Reader.ReadRequest(json, inputs), () => V1JsonCodec.ReadRequest(json, inputs));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_large_body_gives_the_same_tensor_as_the_document_reader(bool refused)
    {
        // About 5 MB of rows of 2×2 images (1.6 MB of FP32), numbers in the forms clients send; the last row is short when refused.
        var random = new Random(16);
        var text = new StringBuilder("{\"instances\": [");
        const int Rows = 100_000;
        for (var row = 0; row < Rows; row++)
        {
            var last = refused && row == Rows - 1;
            text.Append(row == 0 ? "[" : ", [");
            text.Append(CultureInfo.InvariantCulture, $"[{Number(random)}, {Number(random)}], [{Number(random)}");
            text.Append(last ? "]]" : $", {Number(random)}]]");
        }

        var json = Encoding.UTF8.GetBytes(text.Append("]}").ToString());
        Assert.True(Rows * 4 * sizeof(float) > LargeBuffers.Threshold);

        AssertSame(() => DocumentV1Reader.ReadRequest(json, Images), () => V1JsonCodec.ReadRequest(json, Images));
    }

    [Fact]
    public void A_large_v2_body_gives_the_tensor_of_the_same_rows_sent_as_v1()
    {
        var random = new Random(5);
        var numbers = Enumerable.Range(0, 300_000).Select(_ => Number(random)).ToArray();
        var rows = string.Join(", ", numbers.Chunk(4).Select(row => $"[{string.Join(", ", row)}]"));
        var v1 = Encoding.UTF8.GetBytes($$"""{"instances": [{{rows}}]}""");
        var v2 = Encoding.UTF8.GetBytes($$"""{"inputs": [{"name": "x", "datatype": "FP32", "shape": [{{numbers.Length / 4}}, 4], "data": [{{rows}}]}]}""");
        var expected = numbers.Select(n => float.Parse(n, CultureInfo.InvariantCulture)).ToArray();

        var fromV1 = Assert.Single(V1JsonCodec.ReadRequest(v1, Floats).Inputs);
        var fromV2 = Assert.Single(V2JsonCodec.ReadRequest(v2, null).Inputs);

        Assert.True(v2.Length > 2 * LargeBuffers.Threshold);
        Assert.Equal([numbers.Length / 4, 4], fromV1.Shape);
        Assert.Equal([numbers.Length / 4, 4], fromV2.Shape);
        Assert.Equal(expected, fromV1.AsSpan<float>().ToArray());
        Assert.Equal(expected, fromV2.AsSpan<float>().ToArray());
    }

    [Theory]
    [InlineData("[2, 4]", "input 'x': shape [2,4] needs 8 values, got 6")]
    [InlineData("[1000000000000]", "input 'x': shape [1000000000000] needs 1000000000000 values, got 6")]
    [InlineData("[3, 3]", "input 'x': shape [3,3] needs 9 values, got 6")]
    public void A_v2_shape_that_does_not_match_its_data_keeps_its_message(string shape, string message)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"inputs": [{"name": "x", "datatype": "FP32", "shape": {{shape}}, "data": [1, 2, 3, 4, 5, 6]}]}""");

        var error = Assert.Throws<InferenceException>(() => V2JsonCodec.ReadRequest(json, null));

        Assert.Equal(InferenceErrorKind.BadRequest, error.Kind);
        Assert.Equal(message, error.Message);
    }

    private static string Number(Random random) => random.Next(4) switch
    {
        0 => ((random.NextDouble() * 2) - 1).ToString("0.0000000", CultureInfo.InvariantCulture),
        1 => random.Next(-300, 300).ToString(CultureInfo.InvariantCulture),
        2 => ((random.NextDouble() * 2) - 1).ToString("0.######E+0", CultureInfo.InvariantCulture),
        _ => ((float)((random.NextDouble() * 2) - 1)).ToString("R", CultureInfo.InvariantCulture),
    };

    private static TensorMetadata[] Inputs(string model) => model switch
    {
        "floats" => Floats,
        "images" => Images,
        "bools" => Bools,
        "bytes" => Bytes,
        "int8s" => Int8s,
        "doubles" => Doubles,
        "two" => TwoInputs,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "no such test model"),
    };

    private static void AssertSame(Func<InferenceRequest> reference, Func<InferenceRequest> candidate)
    {
        var expected = Outcome(reference);
        var actual = Outcome(candidate);
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Tensors.Length, actual.Tensors.Length);
        for (var i = 0; i < expected.Tensors.Length; i++)
        {
            var (want, got) = (expected.Tensors[i], actual.Tensors[i]);
            Assert.Equal(want.Name, got.Name);
            Assert.Equal(want.DataType, got.DataType);
            Assert.Equal(want.Shape, got.Shape);
            Assert.True(want.Data.Span.SequenceEqual(got.Data.Span), $"tensor '{want.Name}' holds other bytes");
        }
    }

    private static (string? Error, InferenceTensor[] Tensors) Outcome(Func<InferenceRequest> read)
    {
        try
        {
            return (null, [.. read().Inputs]);
        }
        catch (InferenceException e)
        {
            return ($"{e.StatusCode}: {e.Message}", []);
        }
    }
}
