using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Modelplane.Serving.Grpc.V2;

namespace Modelplane.EndToEnd.Tests;

/// <summary>
/// Every RPC of <c>inference.GRPCInferenceService</c>, called by a client generated from the repository's proto
/// against the built predictor process; inference answers compared bit for bit with the REST v2 JSON answers.
/// </summary>
public sealed class PredictorGrpcTests(GrpcPredictorFixture fixture) : IClassFixture<GrpcPredictorFixture>
{
    // Rows of every class, so the labels compared are not all the same.
    private static readonly float[][] Rows = [.. IrisData.Features.Where((_, i) => i % 15 == 7)];

    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client = fixture.Client;
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Server_is_live_and_ready()
    {
        Assert.True((await _client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await _client.ServerReadyAsync(new ServerReadyRequest())).Ready);
    }

    [Fact]
    public async Task Model_ready_answers_per_model_and_version()
    {
        Assert.True((await _client.ModelReadyAsync(new ModelReadyRequest { Name = "iris" })).Ready);
        Assert.True((await _client.ModelReadyAsync(new ModelReadyRequest { Name = "iris", Version = "1" })).Ready);
        Assert.False((await _client.ModelReadyAsync(new ModelReadyRequest { Name = "corrupt" })).Ready);

        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await _client.ModelReadyAsync(new ModelReadyRequest { Name = "tulip" }));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("model 'tulip' is not served here", unknown.Status.Detail, StringComparison.Ordinal);
        var version = await Assert.ThrowsAsync<RpcException>(async () => await _client.ModelReadyAsync(new ModelReadyRequest { Name = "iris", Version = "9" }));
        Assert.Equal(StatusCode.NotFound, version.StatusCode);
        Assert.Contains("model 'iris' has no version '9' (versions: 1)", version.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_metadata_names_the_server_and_its_extensions_as_rest_does()
    {
        var metadata = await _client.ServerMetadataAsync(new ServerMetadataRequest());
        var rest = await GetJsonAsync("/v2");

        Assert.Equal("modelplane", metadata.Name);
        Assert.False(string.IsNullOrEmpty(metadata.Version));
        Assert.Equal(rest["version"]!.GetValue<string>(), metadata.Version);
        Assert.Contains("model_repository", metadata.Extensions);
        Assert.Contains("binary_tensor_data", metadata.Extensions);
        Assert.Contains("classification", metadata.Extensions);
        Assert.Equal(rest["extensions"]!.AsArray().Select(e => e!.GetValue<string>()), metadata.Extensions);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    public async Task Model_metadata_gives_versions_platform_and_tensors(string version)
    {
        var metadata = await _client.ModelMetadataAsync(new ModelMetadataRequest { Name = "iris", Version = version });

        Assert.Equal("iris", metadata.Name);
        Assert.Equal(["1"], metadata.Versions);
        Assert.Equal("onnxruntime_onnx", metadata.Platform);
        var input = Assert.Single(metadata.Inputs);
        Assert.Equal(("input", "FP32"), (input.Name, input.Datatype));
        Assert.Equal([-1L, 4], input.Shape);
        Assert.Equal(["label", "probabilities"], metadata.Outputs.Select(o => o.Name));
        Assert.Equal(["INT64", "FP32"], metadata.Outputs.Select(o => o.Datatype));
        Assert.Equal([-1L], metadata.Outputs[0].Shape);
        Assert.Equal([-1L, 3], metadata.Outputs[1].Shape);
    }

    [Fact]
    public async Task Model_metadata_of_a_model_that_failed_to_load_is_UNAVAILABLE_with_the_reason()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _client.ModelMetadataAsync(new ModelMetadataRequest { Name = "corrupt" }));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("model 'corrupt' version 1 is not ready: it failed to load: corrupt/1/model.onnx is not a model ONNX Runtime can load", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Model_infer_gives_the_labels_and_probabilities_of_rest_json_bit_for_bit(bool raw)
    {
        var request = new ModelInferRequest { ModelName = "iris", Id = "grpc-1" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32", Shape = { Rows.Length, 4 } };
        var features = Rows.SelectMany(r => r).ToArray();
        if (raw)
        {
            request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(features.AsSpan())));
        }
        else
        {
            input.Contents = new InferTensorContents { Fp32Contents = { features } };
        }

        request.Inputs.Add(input);

        var response = await _client.ModelInferAsync(request);
        var (restLabels, restProbabilities) = await InferRestAsync(Rows);

        Assert.Equal(("iris", "1", "grpc-1"), (response.ModelName, response.ModelVersion, response.Id));
        Assert.Equal(["label", "probabilities"], response.Outputs.Select(o => o.Name));
        Assert.Equal(["INT64", "FP32"], response.Outputs.Select(o => o.Datatype));
        Assert.Equal([(long)Rows.Length], response.Outputs[0].Shape);
        Assert.Equal([(long)Rows.Length, 3], response.Outputs[1].Shape);

        long[] labels;
        float[] probabilities;
        if (raw)
        {
            // Raw in, raw out: the typed fields stay empty.
            Assert.Equal(2, response.RawOutputContents.Count);
            Assert.All(response.Outputs, o => Assert.Null(o.Contents));
            labels = MemoryMarshal.Cast<byte, long>(response.RawOutputContents[0].Span).ToArray();
            probabilities = MemoryMarshal.Cast<byte, float>(response.RawOutputContents[1].Span).ToArray();
        }
        else
        {
            Assert.Empty(response.RawOutputContents);
            labels = [.. response.Outputs[0].Contents.Int64Contents];
            probabilities = [.. response.Outputs[1].Contents.Fp32Contents];
        }

        Assert.Equal(restLabels, labels);
        Assert.Equal(restProbabilities.Select(BitConverter.SingleToInt32Bits), probabilities.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(IrisData.Labels.Where((_, i) => i % 15 == 7).Select(l => (long)l), labels);
    }

    [Fact]
    public async Task Model_infer_answers_only_the_outputs_asked_for()
    {
        var request = IrisRequest(Rows[0]);
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probabilities" });

        var response = await _client.ModelInferAsync(request);

        var output = Assert.Single(response.Outputs);
        Assert.Equal("probabilities", output.Name);
        Assert.Equal(3, output.Contents.Fp32Contents.Count);
    }

    [Fact]
    public async Task Repository_index_lists_every_model_with_its_state()
    {
        var index = await _client.RepositoryIndexAsync(new RepositoryIndexRequest());

        var iris = Assert.Single(index.Models, m => m.Name == "iris");
        Assert.Equal(("1", "READY", "execution provider: cpu"), (iris.Version, iris.State, iris.Reason));
        var corrupt = Assert.Single(index.Models, m => m.Name == "corrupt");
        Assert.Equal(("1", "UNAVAILABLE"), (corrupt.Version, corrupt.State));
        Assert.Contains("failed to load: corrupt/1/model.onnx is not a model ONNX Runtime can load", corrupt.Reason, StringComparison.Ordinal);
        var idle = Assert.Single(index.Models, m => m.Name == "idle");
        Assert.Equal(("", "UNAVAILABLE", "unloaded"), (idle.Version, idle.State, idle.Reason));

        var ready = await _client.RepositoryIndexAsync(new RepositoryIndexRequest { Ready = true });
        Assert.Contains(ready.Models, m => m.Name == "iris");
        Assert.All(ready.Models, m => Assert.Equal("READY", m.State));
        Assert.DoesNotContain(ready.Models, m => m.Name is "corrupt" or "idle");
    }

    [Fact]
    public async Task Repository_load_serves_a_model_and_unload_takes_it_away()
    {
        var load = await _client.RepositoryModelLoadAsync(new RepositoryModelLoadRequest { ModelName = "spare" });
        Assert.Equal(("spare", true), (load.ModelName, load.IsLoaded));
        Assert.True((await _client.ModelReadyAsync(new ModelReadyRequest { Name = "spare" })).Ready);
        var answer = await _client.ModelInferAsync(IrisRequest([6.8f, 2.8f, 4.8f, 1.4f], model: "spare"));
        Assert.Equal(1, Assert.Single(answer.Outputs[0].Contents.Int64Contents));
        Assert.Contains((await _client.RepositoryIndexAsync(new RepositoryIndexRequest())).Models, m => m is { Name: "spare", Version: "1", State: "READY" });

        var unload = await _client.RepositoryModelUnloadAsync(new RepositoryModelUnloadRequest { ModelName = "spare" });
        Assert.Equal(("spare", true), (unload.ModelName, unload.IsUnloaded));

        var gone = await Assert.ThrowsAsync<RpcException>(async () => await _client.ModelInferAsync(IrisRequest([6.8f, 2.8f, 4.8f, 1.4f], model: "spare")));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.Contains("model 'spare' is not served here", gone.Status.Detail, StringComparison.Ordinal);
        Assert.Contains((await _client.RepositoryIndexAsync(new RepositoryIndexRequest())).Models, m => m is { Name: "spare", Version: "", State: "UNAVAILABLE", Reason: "unloaded" });
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Repository_errors_have_their_status_and_message()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await _client.RepositoryModelLoadAsync(new RepositoryModelLoadRequest { ModelName = "tulip" }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Contains("model 'tulip' is not in the model repository (it holds: corrupt, idle, iris, spare)", missing.Status.Detail, StringComparison.Ordinal);

        var corrupt = await Assert.ThrowsAsync<RpcException>(async () => await _client.RepositoryModelLoadAsync(new RepositoryModelLoadRequest { ModelName = "corrupt" }));
        Assert.Equal(StatusCode.InvalidArgument, corrupt.StatusCode);
        Assert.Contains("model 'corrupt' failed to load: version 1: corrupt/1/model.onnx is not a model ONNX Runtime can load", corrupt.Status.Detail, StringComparison.Ordinal);

        var notLoaded = await Assert.ThrowsAsync<RpcException>(async () => await _client.RepositoryModelUnloadAsync(new RepositoryModelUnloadRequest { ModelName = "idle" }));
        Assert.Equal(StatusCode.NotFound, notLoaded.StatusCode);
        Assert.Contains("model 'idle' is not loaded", notLoaded.Status.Detail, StringComparison.Ordinal);

        await AssertStillServingAsync();
    }

    public static TheoryData<string> MalformedMessages => [.. MalformedCases.Keys];

    private static readonly Dictionary<string, (Func<byte[]> Frame, StatusCode Status, string Message)> MalformedCases = new()
    {
        ["random bytes"] = (() => Frame([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02, 0x03]), StatusCode.InvalidArgument, "the ModelInferRequest message could not be read as protobuf: "),
        ["a truncated message"] = (() => Frame(IrisRequest()[..^7]), StatusCode.InvalidArgument, "the ModelInferRequest message could not be read as protobuf: "),
        ["a length prefix over the size limit"] = (() => [0, 0x7f, 0xff, 0xff, 0xff, 1, 2, 3], StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size."),
    };

    [Theory]
    [MemberData(nameof(MalformedMessages))]
    public async Task A_malformed_message_is_answered_with_its_status_and_reason(string name)
    {
        var (frame, status, message) = MalformedCases[name];
        using var http = new HttpClient { BaseAddress = fixture.GrpcAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/inference.GRPCInferenceService/ModelInfer")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame()),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var headers = response.Headers.Concat(response.TrailingHeaders).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);

        Assert.Equal(((int)status).ToString(CultureInfo.InvariantCulture), headers.GetValueOrDefault("grpc-status"));
        Assert.StartsWith(message, Uri.UnescapeDataString(headers.GetValueOrDefault("grpc-message") ?? ""), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    private static byte[] Frame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    private static byte[] IrisRequest()
    {
        var request = new ModelInferRequest { ModelName = "iris" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32", Shape = { 1, 4 } };
        input.Contents = new InferTensorContents { Fp32Contents = { 5.1f, 3.5f, 1.4f, 0.2f } };
        request.Inputs.Add(input);
        return request.ToByteArray();
    }

    public static TheoryData<string> BadInputs => [.. BadInputCases.Keys];

    private static readonly Dictionary<string, (Func<ModelInferRequest> Request, StatusCode Status, string Message)> BadInputCases = new()
    {
        ["wrong shape"] = (() => Typed([1, 3], [5.1f, 3.5f, 1.4f]), StatusCode.InvalidArgument, "input 'input': expected 4 values per row, got 3"),
        ["wrong rank"] = (() => Typed([4], [5.1f, 3.5f, 1.4f, 0.2f]), StatusCode.InvalidArgument, "input 'input': shape [4] has 1 dimensions, the model expects 2 ([-1,4])"),
        ["wrong datatype"] = (() => Raw("FP64", [1, 4], new byte[32]), StatusCode.InvalidArgument, "input 'input': datatype FP64 does not match the model's FP32"),
        ["unknown datatype"] = (() => Raw("FLOAT32", [1, 4], new byte[16]), StatusCode.InvalidArgument, "input 'input': unknown datatype 'FLOAT32' (expected one of BOOL, UINT8,"),
        ["typed values short of the shape"] = (() => Typed([1, 4], [5.1f, 3.5f, 1.4f]), StatusCode.InvalidArgument, "input 'input': shape needs 4 values in fp32_contents, got 3"),
        ["typed values in the wrong field"] = (() => WithContents("FP32", [1, 4], new InferTensorContents { IntContents = { 5, 3, 1, 0 } }), StatusCode.InvalidArgument, "input 'input': FP32 data goes in fp32_contents"),
        ["FP16 in typed contents"] = (() => WithContents("FP16", [1, 4], new InferTensorContents { Fp32Contents = { 5, 3, 1, 0 } }), StatusCode.InvalidArgument, "input 'input': FP16 has no typed contents field; send it in raw_input_contents"),
        ["raw size short of the shape"] = (() => Raw("FP32", [1, 4], new byte[12]), StatusCode.InvalidArgument, "input 'input': shape [1,4] of FP32 needs 16 raw bytes, got 12"),
        ["raw size over the shape"] = (() => Raw("FP32", [1, 4], new byte[20]), StatusCode.InvalidArgument, "input 'input': shape [1,4] of FP32 needs 16 raw bytes, got 20"),
        ["raw count over the inputs"] = (() => WithExtraRaw(Raw("FP32", [1, 4], new byte[16])), StatusCode.InvalidArgument, "raw_input_contents has 2 entries for 1 inputs; give one per input, in order"),
        ["both contents and raw"] = (() => WithExtraContents(Raw("FP32", [1, 4], new byte[16])), StatusCode.InvalidArgument, "input 'input' has both contents and raw_input_contents; use one or the other for all inputs"),
        ["negative dimension"] = (() => Raw("FP32", [-1, 4], new byte[16]), StatusCode.InvalidArgument, "input 'input': shape [-1,4] has a negative dimension"),
        ["no input name"] = (() => NoName(), StatusCode.InvalidArgument, "inputs[0]: missing 'name'"),
        ["unknown output"] = (() => WithOutput(Typed([1, 4], [5.1f, 3.5f, 1.4f, 0.2f]), "logits"), StatusCode.InvalidArgument, "output 'logits' is not an output of model 'iris' (outputs: label, probabilities)"),
        ["unknown model"] = (() => Typed([1, 4], [5.1f, 3.5f, 1.4f, 0.2f], model: "tulip"), StatusCode.NotFound, "model 'tulip' is not served here (models: "),
        ["unknown version"] = (() => Typed([1, 4], [5.1f, 3.5f, 1.4f, 0.2f], version: "7"), StatusCode.NotFound, "model 'iris' has no version '7' (versions: 1)"),
        ["model that failed to load"] = (() => Typed([1, 4], [5.1f, 3.5f, 1.4f, 0.2f], model: "corrupt"), StatusCode.Unavailable, "model 'corrupt' version 1 is not ready: it failed to load: corrupt/1/model.onnx is not a model ONNX Runtime can load"),
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_gets_its_status_and_a_message_and_the_server_keeps_serving(string name)
    {
        var (request, status, message) = BadInputCases[name];

        var error = await Assert.ThrowsAsync<RpcException>(async () => await _client.ModelInferAsync(request()));

        Assert.True(error.StatusCode == status, $"{name}: expected {status}, got {error.StatusCode} {error.Status.Detail}");
        Assert.Contains(message, error.Status.Detail, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    private async Task AssertStillServingAsync()
    {
        var response = await _client.ModelInferAsync(IrisRequest([6.8f, 2.8f, 4.8f, 1.4f]));
        Assert.Equal(1, Assert.Single(response.Outputs[0].Contents.Int64Contents));
        using var rest = new StringContent("""{"instances": [[6.8, 2.8, 4.8, 1.4]]}""", Encoding.UTF8, "application/json");
        using var answer = await _http.PostAsync(new Uri("/v1/models/iris:predict", UriKind.Relative), rest);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    private async Task<JsonNode> GetJsonAsync(string path) =>
        JsonNode.Parse(await _http.GetStringAsync(new Uri(path, UriKind.Relative)))!;

    private async Task<(long[] Labels, float[] Probabilities)> InferRestAsync(float[][] rows)
    {
        var data = string.Join(", ", rows.SelectMany(r => r).Select(v => v.ToString(CultureInfo.InvariantCulture)));
        using var content = new StringContent(
            $$"""{"inputs": [{"name": "input", "datatype": "FP32", "shape": [{{rows.Length}}, 4], "data": [{{data}}]}]}""", Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri("/v2/models/iris/infer", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outputs = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["outputs"]!.AsArray();
        return (
            [.. outputs[0]!["data"]!.AsArray().Select(v => v!.GetValue<long>())],
            [.. outputs[1]!["data"]!.AsArray().Select(v => v!.GetValue<float>())]);
    }

    private static ModelInferRequest IrisRequest(float[] row, string model = "iris") => Typed([1, 4], row, model);

    private static ModelInferRequest Typed(long[] shape, float[] values, string model = "iris", string version = "") =>
        WithContents("FP32", shape, new InferTensorContents { Fp32Contents = { values } }, model, version);

    private static ModelInferRequest WithContents(string datatype, long[] shape, InferTensorContents contents, string model = "iris", string version = "")
    {
        var request = new ModelInferRequest { ModelName = model, ModelVersion = version };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = datatype, Shape = { shape }, Contents = contents });
        return request;
    }

    private static ModelInferRequest Raw(string datatype, long[] shape, byte[] data)
    {
        var request = new ModelInferRequest { ModelName = "iris" };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = datatype, Shape = { shape } });
        request.RawInputContents.Add(ByteString.CopyFrom(data));
        return request;
    }

    private static ModelInferRequest WithExtraRaw(ModelInferRequest request)
    {
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[16]));
        return request;
    }

    private static ModelInferRequest WithExtraContents(ModelInferRequest request)
    {
        request.Inputs[0].Contents = new InferTensorContents { Fp32Contents = { 5.1f, 3.5f, 1.4f, 0.2f } };
        return request;
    }

    private static ModelInferRequest WithOutput(ModelInferRequest request, string output)
    {
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = output });
        return request;
    }

    private static ModelInferRequest NoName()
    {
        var request = Typed([1, 4], [5.1f, 3.5f, 1.4f, 0.2f]);
        request.Inputs[0].Name = string.Empty;
        return request;
    }
}
