using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Modelplane.Serving.Grpc.V2;
using Modelplane.Serving.Tensors;

namespace Modelplane.Predictor.Tests;

/// <summary>
/// The binary tensor extension of REST (<c>Inference-Header-Content-Length</c>, <c>binary_data_size</c>,
/// <c>binary_data</c>, <c>binary_data_output</c>) and gRPC contents, through identity models: every datatype's
/// values come back bit for bit, and each malformed binary request is a 400 that says what is wrong.
/// </summary>
public sealed class BinaryTensorTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    private const string HeaderLength = "Inference-Header-Content-Length";

    private readonly HttpClient _client = fixture.Client;
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _grpc = fixture.Grpc;

    // Each datatype twice: the JSON header padded so the binary part starts at another alignment.
    public static TheoryData<string, int> DataTypesAndPadding
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var dataType in IdentityModels.DataTypes)
            {
                data.Add(dataType.ToProtocolName(), 0);
                data.Add(dataType.ToProtocolName(), 3);
            }

            return data;
        }
    }

    public static TheoryData<string> DataTypes => [.. IdentityModels.DataTypes.Select(t => t.ToProtocolName())];

    public static TheoryData<string> TypedDataTypes =>
        [.. IdentityModels.DataTypes.Where(t => t is not (TensorDataType.FP16 or TensorDataType.BF16)).Select(t => t.ToProtocolName())];

    [Theory]
    [MemberData(nameof(DataTypesAndPadding))]
    public async Task Binary_rest_round_trips_every_value_bit_exactly(string datatype, int padding)
    {
        var dataType = Parse(datatype);
        var (data, count) = EdgeValues.For(dataType);
        var json = $$$"""
            {"inputs": [{"name": "x", "datatype": "{{{datatype}}}", "shape": [{{{count}}}], "parameters": {"binary_data_size": {{{data.Length}}}}}],
             "outputs": [{"name": "y", "parameters": {"binary_data": true}}]}
            """ + new string(' ', padding);

        var answer = await PostBinaryAsync(IdentityModels.Name(dataType), json, data);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Describe());
        Assert.Equal("application/octet-stream", answer.ContentType);
        var output = Assert.Single(answer.Json!["outputs"]!.AsArray())!;
        Assert.Equal(
            $$$"""{"name":"y","datatype":"{{{datatype}}}","shape":[{{{count}}}],"parameters":{"binary_data_size":{{{data.Length}}}}}""",
            output.ToJsonString());
        Assert.Equal(data, answer.Binary);
    }

    [Theory]
    [MemberData(nameof(DataTypes))]
    public async Task Grpc_raw_contents_round_trip_every_value_bit_exactly(string datatype)
    {
        var dataType = Parse(datatype);
        var (data, count) = EdgeValues.For(dataType);
        var request = new ModelInferRequest { ModelName = IdentityModels.Name(dataType) };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = datatype, Shape = { count } });
        request.RawInputContents.Add(ByteString.CopyFrom(data));

        var response = await _grpc.ModelInferAsync(request);

        var output = Assert.Single(response.Outputs);
        Assert.Equal(("y", datatype), (output.Name, output.Datatype));
        Assert.Equal([count], output.Shape);
        Assert.Equal(data, Assert.Single(response.RawOutputContents).ToByteArray());
    }

    [Theory]
    [MemberData(nameof(TypedDataTypes))]
    public async Task Grpc_typed_contents_round_trip_every_value_bit_exactly(string datatype)
    {
        var dataType = Parse(datatype);
        var (data, count) = EdgeValues.For(dataType);
        var request = new ModelInferRequest { ModelName = IdentityModels.Name(dataType) };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = datatype, Shape = { count }, Contents = ToContents(dataType, data) });

        var response = await _grpc.ModelInferAsync(request);

        Assert.Empty(response.RawOutputContents);
        var output = Assert.Single(response.Outputs);
        Assert.Equal([count], output.Shape);
        Assert.Equal(data, FromContents(dataType, output.Contents));
    }

    [Fact]
    public async Task Json_input_can_ask_for_a_binary_output()
    {
        float[] values = [1.5f, -0.0f, float.Epsilon, float.MaxValue, -3.25f];
        var json = """
            {"inputs": [{"name": "x", "datatype": "FP32", "shape": [5], "data": [1.5, -0.0, 1e-45, 3.4028235e38, -3.25]}],
             "outputs": [{"name": "y", "parameters": {"binary_data": true}}]}
            """;

        var answer = await PostBinaryAsync("identity-fp32", json, binary: null);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Describe());
        Assert.Equal("application/octet-stream", answer.ContentType);
        Assert.Equal("""{"binary_data_size":20}""", answer.Json!["outputs"]![0]!["parameters"]!.ToJsonString());
        Assert.Equal(MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), answer.Binary);
    }

    [Fact]
    public async Task Binary_input_without_binary_outputs_is_answered_in_plain_json()
    {
        long[] values = [long.MinValue, -1, 0, long.MaxValue];
        var json = """{"inputs": [{"name": "x", "datatype": "INT64", "shape": [4], "parameters": {"binary_data_size": 32}}]}""";

        var answer = await PostBinaryAsync("identity-int64", json, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Describe());
        Assert.Equal("application/json", answer.ContentType);
        Assert.Null(answer.HeaderLength);
        Assert.Equal(
            """{"name":"y","datatype":"INT64","shape":[4],"data":[-9223372036854775808,-1,0,9223372036854775807]}""",
            answer.Json!["outputs"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task Binary_data_output_sends_every_output_as_binary_with_the_same_bits_as_json()
    {
        var rows = IrisData.Features.Take(12).ToArray();
        var data = string.Join(", ", rows.SelectMany(r => r).Select(v => v.ToString(CultureInfo.InvariantCulture)));
        var input = $$"""{"name": "input", "datatype": "FP32", "shape": [{{rows.Length}}, 4], "data": [{{data}}]}""";

        var binary = await PostBinaryAsync("iris", $$$"""{"inputs": [{{{input}}}], "parameters": {"binary_data_output": true}}""", binary: null);
        var (_, json) = await _client.PostJsonAsync("/v2/models/iris/infer", $$"""{"inputs": [{{input}}]}""");

        Assert.True(binary.Status == HttpStatusCode.OK, binary.Describe());
        var outputs = binary.Json!["outputs"]!.AsArray();
        Assert.Equal(["label", "probabilities"], outputs.Select(o => o!["name"]!.GetValue<string>()));
        Assert.All(outputs, o => Assert.Null(o!["data"]));
        Assert.Equal(rows.Length * 8, outputs[0]!["parameters"]!["binary_data_size"]!.GetValue<int>());
        Assert.Equal(rows.Length * 12, outputs[1]!["parameters"]!["binary_data_size"]!.GetValue<int>());
        Assert.Equal(rows.Length * 20, binary.Binary.Length);
        var labels = MemoryMarshal.Cast<byte, long>(binary.Binary.AsSpan(0, rows.Length * 8)).ToArray();
        var probabilities = MemoryMarshal.Cast<byte, float>(binary.Binary.AsSpan(rows.Length * 8)).ToArray();
        Assert.Equal(json!["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<long>()), labels);
        Assert.Equal(
            json["outputs"]![1]!["data"]!.AsArray().Select(v => BitConverter.SingleToInt32Bits(v!.GetValue<float>())),
            probabilities.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public async Task An_output_binary_data_false_wins_over_binary_data_output()
    {
        var request = """
            {"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [6.8, 2.8, 4.8, 1.4]}],
             "parameters": {"binary_data_output": true},
             "outputs": [{"name": "label", "parameters": {"binary_data": false}}, {"name": "probabilities"}]}
            """;

        var answer = await PostBinaryAsync("iris", request, binary: null);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Describe());
        var outputs = answer.Json!["outputs"]!.AsArray();
        Assert.Equal("""{"name":"label","datatype":"INT64","shape":[1],"data":[1]}""", outputs[0]!.ToJsonString());
        Assert.Equal(12, outputs[1]!["parameters"]!["binary_data_size"]!.GetValue<int>());
        Assert.Equal(12, answer.Binary.Length);
        var probabilities = MemoryMarshal.Cast<byte, float>(answer.Binary).ToArray();
        Assert.True(probabilities[1] > 0.5f, "the flower is a versicolor");
    }

    // Name, Inference-Header-Content-Length ("auto": the JSON's length; null: none), JSON, binary part, message.
    public static TheoryData<string, string?, string, byte[], string> BadRequests => new()
    {
        { "header length past the body's end", "1000", Fp32Header(4, 16), new byte[16], $"{HeaderLength} is 1000, but the body has " },
        { "header length not a number", "sixty", Fp32Header(4, 16), new byte[16], $"{HeaderLength} must be a whole number of bytes, got 'sixty'" },
        { "negative header length", "-4", Fp32Header(4, 16), new byte[16], $"{HeaderLength} must be a whole number of bytes, got '-4'" },
        { "header length cutting the JSON", "20", Fp32Header(4, 16), new byte[16], "request body is not valid JSON" },
        { "binary_data_size past the end", "auto", Fp32Header(8, 32), new byte[16], "input 'x': binary_data_size 32 runs past the end of the binary data (16 bytes left)" },
        { "negative binary_data_size", "auto", Fp32Header(4, -16), new byte[16], "input 'x': binary_data_size -16 runs past the end of the binary data (16 bytes left)" },
        { "bytes left over", "auto", Fp32Header(4, 16), new byte[20], "the body has 4 bytes of binary data that no tensor's binary_data_size claims" },
        { "size not matching the shape", "auto", Fp32Header(4, 12), new byte[12], "input 'x': binary_data_size is 12, but shape [4] of FP32 needs 16 bytes" },
        { "size not a whole number", "auto", """{"inputs": [{"name": "x", "datatype": "FP32", "shape": [4], "parameters": {"binary_data_size": 16.5}}]}""", new byte[16], "input 'x': binary_data_size must be a whole number of bytes, got 16.5" },
        { "both data and binary_data_size", "auto", """{"inputs": [{"name": "x", "datatype": "FP32", "shape": [4], "data": [1, 2, 3, 4], "parameters": {"binary_data_size": 16}}]}""", new byte[16], "input 'x' has both 'data' and a binary_data_size parameter; send one or the other" },
        { "binary_data_size without the header", null, Fp32Header(4, 16), [], "input 'x': binary_data_size is given, but the request has no binary data; send the JSON's length in the Inference-Header-Content-Length header" },
        { "BYTES lengths running past the data", "auto", """{"inputs": [{"name": "x", "datatype": "BYTES", "shape": [2], "parameters": {"binary_data_size": 6}}]}""", [1, 0, 0, 0, 0x61, 9], "input 'x': the 6 bytes of BYTES data do not hold 2 length-prefixed elements for shape [2]" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_malformed_binary_request_is_a_400_saying_what_is_wrong(string name, string? headerLength, string json, byte[] binary, string message)
    {
        var model = json.Contains("BYTES", StringComparison.Ordinal) ? "identity-bytes" : "identity-fp32";

        var answer = await PostBinaryAsync(model, json, binary, headerLength);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{name}: {answer.Describe()}");
        Assert.Contains(message, answer.Json.Error(), StringComparison.Ordinal);
        var good = await PostBinaryAsync("identity-fp32", Fp32Header(4, 16), new byte[16]);
        Assert.Equal(HttpStatusCode.OK, good.Status);
    }

    private static string Fp32Header(long elements, long size) =>
        $$$"""{"inputs": [{"name": "x", "datatype": "FP32", "shape": [{{{elements}}}], "parameters": {"binary_data_size": {{{size}}}}}]}""";

    private static TensorDataType Parse(string datatype) =>
        TensorDataTypeExtensions.TryParse(datatype, out var dataType) ? dataType : throw new ArgumentException(datatype, nameof(datatype));

    private async Task<Answer> PostBinaryAsync(string model, string json, byte[]? binary, string? headerLength = "auto")
    {
        var header = Encoding.UTF8.GetBytes(json);
        using var content = new ByteArrayContent([.. header, .. binary ?? []]);
        content.Headers.ContentType = new MediaTypeHeaderValue(binary is null ? "application/json" : "application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{model}/infer") { Content = content };
        if (binary is not null && headerLength is not null)
        {
            request.Headers.TryAddWithoutValidation(HeaderLength, headerLength == "auto" ? header.Length.ToString(CultureInfo.InvariantCulture) : headerLength);
        }

        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        int? jsonLength = response.Headers.TryGetValues(HeaderLength, out var values) ? int.Parse(values.Single(), CultureInfo.InvariantCulture) : null;
        var split = jsonLength ?? body.Length;
        return new Answer(
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            jsonLength,
            JsonNode.Parse(body.AsSpan(0, split)),
            body[split..]);
    }

    private static InferTensorContents ToContents(TensorDataType dataType, byte[] data)
    {
        var contents = new InferTensorContents();
        switch (dataType)
        {
            case TensorDataType.Bool:
                contents.BoolContents.AddRange(data.Select(b => b != 0));
                break;
            case TensorDataType.UInt8:
                contents.UintContents.AddRange(data.Select(b => (uint)b));
                break;
            case TensorDataType.UInt16:
                contents.UintContents.AddRange(MemoryMarshal.Cast<byte, ushort>(data).ToArray().Select(v => (uint)v));
                break;
            case TensorDataType.UInt32:
                contents.UintContents.AddRange(MemoryMarshal.Cast<byte, uint>(data).ToArray());
                break;
            case TensorDataType.UInt64:
                contents.Uint64Contents.AddRange(MemoryMarshal.Cast<byte, ulong>(data).ToArray());
                break;
            case TensorDataType.Int8:
                contents.IntContents.AddRange(MemoryMarshal.Cast<byte, sbyte>(data).ToArray().Select(v => (int)v));
                break;
            case TensorDataType.Int16:
                contents.IntContents.AddRange(MemoryMarshal.Cast<byte, short>(data).ToArray().Select(v => (int)v));
                break;
            case TensorDataType.Int32:
                contents.IntContents.AddRange(MemoryMarshal.Cast<byte, int>(data).ToArray());
                break;
            case TensorDataType.Int64:
                contents.Int64Contents.AddRange(MemoryMarshal.Cast<byte, long>(data).ToArray());
                break;
            case TensorDataType.FP32:
                contents.Fp32Contents.AddRange(MemoryMarshal.Cast<byte, float>(data).ToArray());
                break;
            case TensorDataType.FP64:
                contents.Fp64Contents.AddRange(MemoryMarshal.Cast<byte, double>(data).ToArray());
                break;
            case TensorDataType.Bytes:
                contents.BytesContents.AddRange(BytesElements.Enumerate(data).Select(e => ByteString.CopyFrom(e.Span)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "no typed contents field");
        }

        return contents;
    }

    private static byte[] FromContents(TensorDataType dataType, InferTensorContents contents) => dataType switch
    {
        TensorDataType.Bool => [.. contents.BoolContents.Select(b => b ? (byte)1 : (byte)0)],
        TensorDataType.UInt8 => [.. contents.UintContents.Select(v => (byte)v)],
        TensorDataType.UInt16 => Bytes(contents.UintContents.Select(v => (ushort)v).ToArray()),
        TensorDataType.UInt32 => Bytes(contents.UintContents.ToArray()),
        TensorDataType.UInt64 => Bytes(contents.Uint64Contents.ToArray()),
        TensorDataType.Int8 => Bytes(contents.IntContents.Select(v => (sbyte)v).ToArray()),
        TensorDataType.Int16 => Bytes(contents.IntContents.Select(v => (short)v).ToArray()),
        TensorDataType.Int32 => Bytes(contents.IntContents.ToArray()),
        TensorDataType.Int64 => Bytes(contents.Int64Contents.ToArray()),
        TensorDataType.FP32 => Bytes(contents.Fp32Contents.ToArray()),
        TensorDataType.FP64 => Bytes(contents.Fp64Contents.ToArray()),
        TensorDataType.Bytes => BytesElements.Encode(contents.BytesContents.Select(b => b.Memory)),
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "no typed contents field"),
    };

    private static byte[] Bytes<T>(T[] values)
        where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private sealed record Answer(HttpStatusCode Status, string? ContentType, int? HeaderLength, JsonNode? Json, byte[] Binary)
    {
        public string Describe() => $"{(int)Status} {ContentType} {Json?.ToJsonString()}";
    }
}
