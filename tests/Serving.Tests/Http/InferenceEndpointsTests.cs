using System.Net;
using System.Text;
using System.Text.Json;

namespace Modelplane.Serving.Tests.Http;

/// <summary>Every route of <c>MapInferenceProtocol()</c>, over a socket, against test models behind the real handlers.</summary>
public sealed class InferenceEndpointsTests(ServingHost host) : IClassFixture<ServingHost>
{
    private const string TwoRowsV2 = """
        {"id": "req-7", "inputs": [{"name": "input", "datatype": "FP32", "shape": [2, 4], "data": [6.8, 2.8, 4.8, 1.4, 6.0, 3.4, 4.5, 1.6]}]}
        """;

    private const string TwoRowsV1 = """{"instances": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}""";

    private readonly HttpClient _client = host.Client;

    [Theory]
    [InlineData("/v2/models/iris/infer", "2")]
    [InlineData("/v2/models/iris/versions/1/infer", "1")]
    public async Task V2_infer_answers_with_every_output(string path, string version)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, path, TwoRowsV2);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            $$"""{"model_name":"iris","model_version":"{{version}}","id":"req-7","outputs":[{"name":"label","datatype":"INT64","shape":[2],"data":[1,1]},{"name":"probabilities","datatype":"FP32","shape":[2,3],"data":[0.1,0.7,0.2,0.1,0.7,0.2]}]}""",
            body);
    }

    [Fact]
    public async Task V2_infer_answers_only_the_outputs_asked_for_with_classification_applied()
    {
        var (status, body) = await SendAsync(
            HttpMethod.Post,
            "/v2/models/iris/infer",
            """{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [6.8, 2.8, 4.8, 1.4]}], "outputs": [{"name": "probabilities", "parameters": {"classification": 2}}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            """{"model_name":"iris","model_version":"2","outputs":[{"name":"probabilities","datatype":"BYTES","shape":[1,2],"data":["0.7:1:versicolor","0.2:2:virginica"]}]}""",
            body);
    }

    [Theory]
    [InlineData(TwoRowsV1)]
    [InlineData("""{"inputs": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}""")]
    public async Task V1_predict_answers_with_one_prediction_per_row(string request)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/models/iris:predict", request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"predictions":[1,1]}""", body);
    }

    [Theory]
    [InlineData("/v2/models/iris")]
    [InlineData("/v2/models/iris/versions/1")]
    public async Task Model_metadata_names_versions_platform_and_tensors(string path)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            """{"name":"iris","versions":["1","2"],"platform":"test","inputs":[{"name":"input","datatype":"FP32","shape":[-1,4]}],"outputs":[{"name":"label","datatype":"INT64","shape":[-1]},{"name":"probabilities","datatype":"FP32","shape":[-1,3]}]}""",
            body);
    }

    [Theory]
    [InlineData("/v2/models/iris/ready")]
    [InlineData("/v2/models/iris/versions/1/ready")]
    [InlineData("/v1/models/iris")]
    public async Task A_ready_model_is_reported_ready(string path)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"name":"iris","ready":true}""", body);
    }

    [Theory]
    [InlineData("/v2/models/broken/ready")]
    [InlineData("/v2/models/broken/versions/1/ready")]
    [InlineData("/v1/models/broken")]
    public async Task A_model_that_failed_to_load_is_reported_unready_with_the_reason(string path)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("""{"name":"broken","ready":false,"error":"model 'broken' version 1 is not ready: it failed to load: model.onnx is truncated"}""", body);
    }

    [Fact]
    public async Task The_server_is_live_and_ready_although_one_model_failed()
    {
        var (liveStatus, live) = await SendAsync(HttpMethod.Get, "/v2/health/live");
        var (readyStatus, ready) = await SendAsync(HttpMethod.Get, "/v2/health/ready");

        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("""{"live":true}""", live);
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.Equal("""{"ready":true}""", ready);
    }

    [Fact]
    public async Task Server_metadata_and_the_model_list_describe_the_server()
    {
        var (metadataStatus, metadata) = await SendAsync(HttpMethod.Get, "/v2");
        var (listStatus, list) = await SendAsync(HttpMethod.Get, "/v1/models");

        Assert.Equal(HttpStatusCode.OK, metadataStatus);
        using var document = JsonDocument.Parse(metadata);
        Assert.Equal("modelplane", document.RootElement.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("version").GetString()));
        Assert.Equal(["binary_tensor_data", "classification"], document.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Equal("""{"models":["broken","iris"]}""", list);
    }

    public static TheoryData<string, string, string?, int, string> Errors => new()
    {
        { "POST", "/v2/models/tulip/infer", TwoRowsV2, 404, "model 'tulip' is not served here (models: broken, iris)" },
        { "POST", "/v2/models/iris/versions/7/infer", TwoRowsV2, 404, "model 'iris' has no version '7' (versions: 1, 2)" },
        { "GET", "/v2/models/tulip", null, 404, "model 'tulip' is not served here" },
        { "GET", "/v2/models/tulip/ready", null, 404, "model 'tulip' is not served here" },
        { "GET", "/v2/models/broken", null, 503, "model 'broken' version 1 is not ready: it failed to load: model.onnx is truncated" },
        { "POST", "/v2/models/broken/infer", TwoRowsV2, 503, "model 'broken' version 1 is not ready: it failed to load: model.onnx is truncated" },
        { "POST", "/v1/models/broken:predict", TwoRowsV1, 503, "it failed to load: model.onnx is truncated" },
        { "POST", "/v2/models/iris/infer", """{"inputs": [{"name": "input",""", 400, "request body is not valid JSON: " },
        { "POST", "/v2/models/iris/infer", "", 400, "request body is empty; expected a JSON object with 'inputs'" },
        { "POST", "/v2/models/iris/infer", """{"inputs": [{"name": "input", "datatype": "FP64", "shape": [1, 4], "data": [1, 2, 3, 4]}]}""", 400, "input 'input': datatype FP64 does not match the model's FP32" },
        { "POST", "/v2/models/iris/infer", """{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}]}""", 400, "input 'input': expected 4 values per row, got 3" },
        { "POST", "/v1/models/iris:predict", """{"instances": [[1, 2, 3, 4], [1, 2, 3]]}""", 400, "input 'input': instances[1] has 3 values, instances[0] has 4" },
        { "POST", "/v1/models/iris:explain", TwoRowsV1, 501, "model 'iris' does not explain its predictions" },
        { "GET", "/v3/models", null, 404, "no route for GET /v3/models; model servers answer /v1/models/... and /v2/..." },
        { "GET", "/v2/models/iris/infer", null, 404, "no route for GET /v2/models/iris/infer" },
        { "POST", "/v1/models/iris.predict", TwoRowsV1, 404, "no route for POST /v1/models/iris.predict" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Errors_are_JSON_with_the_status_and_a_readable_message(string method, string path, string? request, int expectedStatus, string message)
    {
        using var response = await _client.SendAsync(Request(new HttpMethod(method), path, request));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == expectedStatus, $"{method} {path}: expected {expectedStatus}, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var error = Assert.Single(document.RootElement.EnumerateObject());
        Assert.Equal("error", error.Name);
        Assert.Contains(message, error.Value.GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", body, StringComparison.Ordinal);
        Assert.Contains(message, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unavailable_model_asks_the_client_to_retry()
    {
        using var response = await _client.SendAsync(Request(HttpMethod.Post, "/v2/models/broken/infer", TwoRowsV2));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_body_with_a_Content_Length_over_the_limit_is_413()
    {
        var request = Padded(2000);
        using var response = await _client.SendAsync(Request(HttpMethod.Post, "/v2/models/iris/infer", request));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(
            $$"""{"error":"request body of 2000 bytes is over the limit of {{ServingHost.MaxRequestBodySize}} bytes (Serving:MaxRequestBodySize)"}""",
            body);
        Assert.True(response.Headers.ConnectionClose);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v2/models/iris/infer") { Content = new ChunkedContent(Encoding.UTF8.GetBytes(Padded(3000))) };
        using var response = await _client.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(
            $$"""{"error":"request body is over the limit of {{ServingHost.MaxRequestBodySize}} bytes (Serving:MaxRequestBodySize)"}""",
            body);
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_of_exactly_the_limit_is_served(bool chunked)
    {
        var request = Encoding.UTF8.GetBytes(Padded(ServingHost.MaxRequestBodySize));
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v2/models/iris/infer")
        {
            Content = chunked ? new ChunkedContent(request) : new ByteArrayContent(request),
        };

        using var response = await _client.SendAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"model_name\":\"iris\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_one_byte_over_the_limit_is_413()
    {
        using var response = await _client.SendAsync(Request(HttpMethod.Post, "/v2/models/iris/infer", Padded(ServingHost.MaxRequestBodySize + 1)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    // A valid one-row request padded with spaces to exactly `size` bytes.
    private static string Padded(int size)
    {
        const string Request = """{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [6.8, 2.8, 4.8, 1.4]}]}""";
        return Request[..^1] + new string(' ', size - Request.Length) + "}";
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? body = null) => new(method, path)
    {
        Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
    };

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var response = await _client.SendAsync(Request(method, path, body));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task AssertStillServingAsync()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/models/iris:predict", TwoRowsV1);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"predictions":[1,1]}""", body);
    }

    /// <summary>A body sent in pieces with no Content-Length, so HTTP/1.1 carries it chunked.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < body.Length; offset += 256)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(256, body.Length - offset)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
