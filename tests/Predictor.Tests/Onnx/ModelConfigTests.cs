using System.Net;

namespace Modelplane.Predictor.Tests.Onnx;

/// <summary>What a model's config.json may change, and how a wrong one is reported: that model not ready with the reason, the rest serving.</summary>
public sealed class ModelConfigTests : IAsyncLifetime
{
    private readonly TestModelRepository _repository = new();
    private PredictorFactory? _factory;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var iris = TestModelRepository.IrisModelBytes;
        _repository
            .AddIris("iris")
            .AddModelFile("probabilities", 1, iris)
            .AddConfig("probabilities", """{"predictOutputs": ["probabilities"], "inputs": [{"name": "input", "shape": [-1, 4]}]}""")
            .AddModelFile("fixed-batch", 1, iris)
            .AddConfig("fixed-batch", """{"inputs": [{"name": "input", "shape": [2, 4]}]}""")
            .AddModelFile("wrong-shape", 1, iris)
            .AddConfig("wrong-shape", """{"inputs": [{"name": "input", "shape": [-1, 5]}]}""")
            .AddModelFile("wrong-datatype", 1, iris)
            .AddConfig("wrong-datatype", """{"inputs": [{"name": "input", "datatype": "INT64"}]}""")
            .AddModelFile("wrong-output", 1, iris)
            .AddConfig("wrong-output", """{"predictOutputs": ["logits"]}""")
            .AddModelFile("wrong-features", 1, iris)
            .AddConfig("wrong-features", """{"inputs": [{"name": "input", "featureNames": ["length", "width"]}]}""")
            .AddModelFile("wrong-input", 1, iris)
            .AddConfig("wrong-input", """{"inputs": [{"name": "pixels"}]}""")
            .AddModelFile("not-json", 1, iris)
            .AddConfig("not-json", "{\"labels\": [\"a\",\n  }");
        Directory.CreateDirectory(Path.Combine(_repository.Root, "no-file", "1"));
        File.WriteAllText(Path.Combine(_repository.Root, "no-file", "1", "weights.bin"), "0");
        _factory = new PredictorFactory(_repository.Root);
        _client = await _factory.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory!.DisposeAsync();
        _repository.Dispose();
    }

    [Fact]
    public async Task PredictOutputs_choose_what_v1_predict_returns()
    {
        var (status, body) = await _client.PostJsonAsync("/v1/models/probabilities:predict", """{"instances": [[5.1, 3.5, 1.4, 0.2]]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var row = Assert.Single(body!["predictions"]!.AsArray())!.AsArray();
        Assert.Equal(3, row.Count);
        Assert.True(row[0]!.GetValue<double>() > 0.9);
    }

    [Fact]
    public async Task A_shape_in_the_config_fixes_an_open_dimension()
    {
        var metadata = await _client.GetJsonAsync("/v2/models/fixed-batch");
        Assert.Equal("[2,4]", metadata.Body!["inputs"]![0]!["shape"]!.ToJsonString());

        var (status, body) = await _client.PostJsonAsync("/v1/models/fixed-batch:predict", """{"instances": [[5.1, 3.5, 1.4, 0.2]]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("input 'input': dimension 0 is 1, the model expects 2 (shape [2,4])", body.Error(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong-shape", "config.json: input 'input' has shape [-1,5] in the config, which does not fit [-1,4] in the model file")]
    [InlineData("wrong-datatype", "config.json: input 'input' is INT64 in the config but FP32 in the model file")]
    [InlineData("wrong-output", "config.json: predictOutputs names 'logits', which is not an output of the model (outputs: label, probabilities)")]
    [InlineData("wrong-features", "config.json: input 'input' lists 2 feature names but its last dimension is 4")]
    [InlineData("wrong-input", "config.json: input 'pixels' is not an input of the model (it has: input)")]
    [InlineData("not-json", "config.json (line 2):")]
    [InlineData("no-file", "no-file/1/ has no model.onnx (it holds: weights.bin)")]
    public async Task A_wrong_config_leaves_that_model_not_ready_with_the_reason(string model, string reason)
    {
        var (status, body) = await _client.GetJsonAsync($"/v2/models/{model}/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains(reason, body.Error(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync("/v2/models/iris/ready")).Status);
    }
}
