using System.Net;
using System.Text.Json.Nodes;

namespace Modelplane.Predictor.Tests;

/// <summary>Every REST endpoint of the predictor, over a socket, against the sample iris model in versions 1 and 2.</summary>
public sealed class EndpointTests(PredictorFixture fixture) : IClassFixture<PredictorFixture>
{
    private const string TwoFlowers = """{"instances": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}""";

    private const string TwoFlowersV2 = """
        {"id": "req-7", "inputs": [{"name": "input", "datatype": "FP32", "shape": [2, 4], "data": [6.8, 2.8, 4.8, 1.4, 6.0, 3.4, 4.5, 1.6]}]}
        """;

    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Live_answers_true()
    {
        var (status, body) = await _client.GetJsonAsync("/v2/health/live");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!["live"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Server_is_ready_although_some_models_failed()
    {
        var (status, body) = await _client.GetJsonAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!["ready"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Server_metadata_names_the_server_and_its_extensions()
    {
        var (status, body) = await _client.GetJsonAsync("/v2");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("modelplane", body!["name"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["version"]!.GetValue<string>()));
        Assert.Contains("classification", body["extensions"]!.AsArray().Select(e => e!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/v2/models/iris")]
    [InlineData("/v2/models/iris/versions/1")]
    public async Task Model_metadata_comes_from_onnx_runtime(string path)
    {
        var (status, body) = await _client.GetJsonAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            """{"name":"iris","versions":["1","2"],"platform":"onnxruntime_onnx","inputs":[{"name":"input","datatype":"FP32","shape":[-1,4]}],"outputs":[{"name":"label","datatype":"INT64","shape":[-1]},{"name":"probabilities","datatype":"FP32","shape":[-1,3]}],"parameters":{"execution_provider":"cpu"}}""",
            body!.ToJsonString());
    }

    [Theory]
    [InlineData("/v2/models/iris/ready")]
    [InlineData("/v2/models/iris/versions/1/ready")]
    [InlineData("/v1/models/iris")]
    public async Task Model_readiness_is_reported(string path)
    {
        var (status, body) = await _client.GetJsonAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("iris", body!["name"]!.GetValue<string>());
        Assert.True(body["ready"]!.GetValue<bool>());
        Assert.Equal("execution provider: cpu", body["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Infer_without_a_version_answers_from_the_newest()
    {
        var (status, body) = await _client.PostJsonAsync("/v2/models/iris/infer", TwoFlowersV2);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("iris", body!["model_name"]!.GetValue<string>());
        Assert.Equal("2", body["model_version"]!.GetValue<string>());
        Assert.Equal("req-7", body["id"]!.GetValue<string>());
        var outputs = body["outputs"]!.AsArray();
        Assert.Equal(["label", "probabilities"], outputs.Select(o => o!["name"]!.GetValue<string>()));
        Assert.Equal("""{"name":"label","datatype":"INT64","shape":[2],"data":[1,1]}""", outputs[0]!.ToJsonString());
        var probabilities = outputs[1]!;
        Assert.Equal("[2,3]", probabilities["shape"]!.ToJsonString());
        var values = probabilities["data"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(1.0, values[0] + values[1] + values[2], 5);
        Assert.True(values[1] > 0.5, "the first flower is a versicolor");
    }

    [Fact]
    public async Task Infer_with_a_version_answers_from_that_version()
    {
        var (status, body) = await _client.PostJsonAsync("/v2/models/iris/versions/1/infer", TwoFlowersV2);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("1", body!["model_version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Infer_returns_only_the_outputs_asked_for()
    {
        var request = """
            {"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [[5.1, 3.5, 1.4, 0.2]]}],
             "outputs": [{"name": "probabilities"}]}
            """;
        var (status, body) = await _client.PostJsonAsync("/v2/models/iris/infer", request);
        Assert.Equal(HttpStatusCode.OK, status);
        var outputs = body!["outputs"]!.AsArray();
        Assert.Equal("probabilities", Assert.Single(outputs)!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Classification_parameter_gives_top_k_with_labels_from_config()
    {
        var request = """
            {"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [5.1, 3.5, 1.4, 0.2]}],
             "outputs": [{"name": "probabilities", "parameters": {"classification": 2}}]}
            """;
        var (status, body) = await _client.PostJsonAsync("/v2/models/iris/infer", request);
        Assert.Equal(HttpStatusCode.OK, status);
        var output = Assert.Single(body!["outputs"]!.AsArray())!;
        Assert.Equal("BYTES", output["datatype"]!.GetValue<string>());
        Assert.Equal("[1,2]", output["shape"]!.ToJsonString());
        var top = output["data"]!.AsArray().Select(v => v!.GetValue<string>().Split(':')).ToArray();
        Assert.Equal(["0", "setosa"], top[0][1..]);
        Assert.True(double.Parse(top[0][0], System.Globalization.CultureInfo.InvariantCulture) > 0.9);
        Assert.Equal("versicolor", top[1][2]);
    }

    [Fact]
    public async Task V1_predict_answers_as_kserve_does()
    {
        var (status, body) = await _client.PostJsonAsync("/v1/models/iris:predict", TwoFlowers);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"predictions":[1,1]}""", body!.ToJsonString());
    }

    [Fact]
    public async Task V1_predict_accepts_columnar_inputs_and_named_instances()
    {
        var columnar = await _client.PostJsonAsync("/v1/models/iris:predict", """{"inputs": [[5.1, 3.5, 1.4, 0.2], [7.7, 3.0, 6.1, 2.3]]}""");
        var named = await _client.PostJsonAsync("/v1/models/iris:predict", """{"instances": [{"input": [5.1, 3.5, 1.4, 0.2]}, {"input": [7.7, 3.0, 6.1, 2.3]}]}""");
        Assert.Equal(HttpStatusCode.OK, columnar.Status);
        Assert.Equal("""{"predictions":[0,2]}""", columnar.Body!.ToJsonString());
        Assert.Equal("""{"predictions":[0,2]}""", named.Body!.ToJsonString());
    }

    [Fact]
    public async Task V1_model_list_names_every_model()
    {
        var (status, body) = await _client.GetJsonAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["garbage", "iris", "misconfigured", "truncated"], body!["models"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task V1_explain_on_a_model_without_an_explainer_is_501()
    {
        var (status, body) = await _client.PostJsonAsync("/v1/models/iris:explain", TwoFlowers);
        Assert.Equal(HttpStatusCode.NotImplemented, status);
        Assert.Contains("does not explain", body.Error(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage", "garbage/1/model.onnx is not a model ONNX Runtime can load")]
    [InlineData("truncated", "truncated/1/model.onnx is not a model ONNX Runtime can load")]
    [InlineData("misconfigured", "config.json (line 1): The JSON property 'lables' could not be mapped")]
    public async Task A_model_that_failed_to_load_is_not_ready_with_the_reason_and_iris_keeps_serving(string model, string reason)
    {
        var ready = await _client.GetJsonAsync($"/v2/models/{model}/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.False(ready.Body!["ready"]!.GetValue<bool>());
        Assert.Contains(reason, ready.Body.Error(), StringComparison.Ordinal);

        var infer = await _client.PostJsonAsync($"/v2/models/{model}/infer", TwoFlowersV2);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, infer.Status);
        Assert.Contains($"model '{model}' version 1 is not ready: it failed to load: ", infer.Body.Error(), StringComparison.Ordinal);
        Assert.Contains(reason, infer.Body.Error(), StringComparison.Ordinal);

        var metadata = await _client.GetJsonAsync($"/v2/models/{model}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, metadata.Status);

        var iris = await _client.PostJsonAsync("/v1/models/iris:predict", TwoFlowers);
        Assert.Equal(HttpStatusCode.OK, iris.Status);
    }

    [Fact]
    public async Task Health_endpoints_and_metrics_are_mapped()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync("/health")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync("/alive")).Status);
        await _client.PostJsonAsync("/v1/models/iris:predict", TwoFlowers);
        var (status, body) = await _client.GetJsonAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, status);
        var text = body!.GetValue<string>();
        Assert.Contains("modelplane_inference_duration_seconds_count{", text, StringComparison.Ordinal);
        Assert.Contains("model=\"iris\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_is_a_json_404()
    {
        var (status, body) = await _client.GetJsonAsync("/v3/models");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no route for GET /v3/models", body.Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_content_type_from_curl_is_accepted()
    {
        using var content = new StringContent(TwoFlowers, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _client.PostAsync(new Uri("/v1/models/iris:predict", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"predictions":[1,1]}""", JsonNode.Parse(await response.Content.ReadAsStringAsync())!.ToJsonString());
    }
}
