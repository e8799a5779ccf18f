using System.Net;
using System.Text.Json.Nodes;

namespace Modelplane.Predictor.Tests;

/// <summary>
/// The model repository extension over REST in explicit model control mode: index, load and unload, what each says
/// when it cannot, and the version policies of config.json. Each test has its own server, so none sees another's loads.
/// </summary>
public sealed class ModelRepositoryTests : IAsyncLifetime
{
    private const string OneFlower = """{"instances": [[6.8, 2.8, 4.8, 1.4]]}""";

    private const string OneFlowerV2 = """{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [6.8, 2.8, 4.8, 1.4]}]}""";

    private readonly TestModelRepository _repository = new();
    private PredictorFactory? _factory;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _repository
            .AddIris("iris")
            .AddIris("spare")
            .AddIris("idle")
            .AddModelFile("broken", 1, "this is not an ONNX model"u8.ToArray())
            .AddIris("every", 1, 2, 3)
            .AddIris("latest", 1, 2, 3)
            .AddConfig("latest", """{"versionPolicy": {"latest": {"numVersions": 1}}}""")
            .AddIris("latest-two", 1, 2, 3)
            .AddConfig("latest-two", """{"versionPolicy": {"latest": {"numVersions": 2}}}""")
            .AddIris("specific", 1, 2, 3)
            .AddConfig("specific", """{"versionPolicy": {"specific": {"versions": [1, 3]}}}""");
        _factory = new PredictorFactory(_repository.Root, new Dictionary<string, string?>
        {
            ["Serving:ModelControlMode"] = "explicit",
            ["Serving:StartupModels:0"] = "iris",
        });
        _client = await _factory.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _repository.Dispose();
    }

    [Fact]
    public async Task Explicit_mode_loads_only_the_start_up_models()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync("/v2/models/iris/ready")).Status);
        var (status, body) = await _client.GetJsonAsync("/v2/models/spare/ready");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("model 'spare' is not served here (models: iris)", body.Error(), StringComparison.Ordinal);
        Assert.Equal("""{"models":["iris"]}""", (await _client.GetJsonAsync("/v1/models")).Body!.ToJsonString());
    }

    [Fact]
    public async Task The_index_lists_every_model_of_the_repository_and_those_not_loaded_as_unloaded()
    {
        var (status, index) = await _client.PostJsonAsync("/v2/repository/index", string.Empty);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            """[{"name":"broken","state":"UNAVAILABLE","reason":"unloaded"},{"name":"every","state":"UNAVAILABLE","reason":"unloaded"},{"name":"idle","state":"UNAVAILABLE","reason":"unloaded"},{"name":"iris","version":"1","state":"READY","reason":"execution provider: cpu"},{"name":"latest","state":"UNAVAILABLE","reason":"unloaded"},{"name":"latest-two","state":"UNAVAILABLE","reason":"unloaded"},{"name":"spare","state":"UNAVAILABLE","reason":"unloaded"},{"name":"specific","state":"UNAVAILABLE","reason":"unloaded"}]""",
            index!.ToJsonString());

        var ready = await _client.PostJsonAsync("/v2/repository/index", """{"ready": true}""");
        Assert.Equal("""[{"name":"iris","version":"1","state":"READY","reason":"execution provider: cpu"}]""", ready.Body!.ToJsonString());
    }

    [Fact]
    public async Task Load_makes_a_model_ready_and_serving()
    {
        var (status, body) = await _client.PostJsonAsync("/v2/repository/models/spare/load", string.Empty);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"name":"spare","load":true}""", body!.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync("/v2/models/spare/ready")).Status);
        var predict = await _client.PostJsonAsync("/v1/models/spare:predict", OneFlower);
        Assert.Equal("""{"predictions":[1]}""", predict.Body!.ToJsonString());
        Assert.Equal("""{"name":"spare","version":"1","state":"READY","reason":"execution provider: cpu"}""", (await EntriesAsync("spare")).Single().ToJsonString());
    }

    [Fact]
    public async Task After_unload_inference_is_404_and_the_index_shows_the_model_unloaded()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync("/v2/repository/models/spare/load", string.Empty)).Status);

        var (status, body) = await _client.PostJsonAsync("/v2/repository/models/spare/unload", string.Empty);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"name":"spare","unload":true}""", body!.ToJsonString());
        var infer = await _client.PostJsonAsync("/v2/models/spare/infer", OneFlowerV2);
        Assert.Equal(HttpStatusCode.NotFound, infer.Status);
        Assert.Contains("model 'spare' is not served here (models: iris)", infer.Body.Error(), StringComparison.Ordinal);
        Assert.Equal("""{"name":"spare","state":"UNAVAILABLE","reason":"unloaded"}""", (await EntriesAsync("spare")).Single().ToJsonString());

        var again = await _client.PostJsonAsync("/v2/repository/models/spare/unload", string.Empty);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Contains("model 'spare' is not loaded (loaded: iris)", again.Body.Error(), StringComparison.Ordinal);
        await AssertIrisServesAsync();
    }

    [Fact]
    public async Task Loading_a_loaded_model_again_keeps_it_serving()
    {
        var (status, _) = await _client.PostJsonAsync("/v2/repository/models/iris/load", string.Empty);

        Assert.Equal(HttpStatusCode.OK, status);
        await AssertIrisServesAsync();
        Assert.Equal("""{"name":"iris","version":"1","state":"READY","reason":"execution provider: cpu"}""", (await EntriesAsync("iris")).Single().ToJsonString());
    }

    [Fact]
    public async Task Loading_a_model_not_in_the_repository_is_404_naming_what_it_holds()
    {
        var (status, body) = await _client.PostJsonAsync("/v2/repository/models/tulip/load", string.Empty);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains(
            "model 'tulip' is not in the model repository (it holds: broken, every, idle, iris, latest, latest-two, spare, specific)",
            body.Error(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_cannot_be_a_model_is_400()
    {
        var (status, body) = await _client.PostJsonAsync("/v2/repository/models/.hidden/load", string.Empty);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'.hidden' is not a model name", body.Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_whose_load_fails_is_400_with_the_reason_and_the_others_keep_serving()
    {
        var (status, body) = await _client.PostJsonAsync("/v2/repository/models/broken/load", string.Empty);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("model 'broken' failed to load: version 1: broken/1/model.onnx is not a model ONNX Runtime can load", body.Error(), StringComparison.Ordinal);
        await AssertIrisServesAsync();

        var entry = (await EntriesAsync("broken")).Single();
        Assert.Equal(("1", "UNAVAILABLE"), (entry["version"]!.GetValue<string>(), entry["state"]!.GetValue<string>()));
        Assert.Contains("it failed to load: broken/1/model.onnx is not a model ONNX Runtime can load", entry["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var infer = await _client.PostJsonAsync("/v2/models/broken/infer", OneFlowerV2);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, infer.Status);
    }

    [Theory]
    [InlineData("every", new[] { "1", "2", "3" })]
    [InlineData("latest", new[] { "3" })]
    [InlineData("latest-two", new[] { "2", "3" })]
    [InlineData("specific", new[] { "1", "3" })]
    public async Task The_version_policy_decides_which_versions_are_served(string model, string[] served)
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/v2/repository/models/{model}/load", string.Empty)).Status);

        var metadata = await _client.GetJsonAsync($"/v2/models/{model}");
        Assert.Equal(served, metadata.Body!["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(served, (await EntriesAsync(model)).Select(e => e["version"]!.GetValue<string>()));
        foreach (var version in new[] { "1", "2", "3" })
        {
            var (status, body) = await _client.PostJsonAsync($"/v2/models/{model}/versions/{version}/infer", OneFlowerV2);
            if (served.Contains(version))
            {
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal(version, body!["model_version"]!.GetValue<string>());
            }
            else
            {
                Assert.Equal(HttpStatusCode.NotFound, status);
                Assert.Contains($"model '{model}' has no version '{version}' (versions: {string.Join(", ", served)})", body.Error(), StringComparison.Ordinal);
            }
        }

        var newest = await _client.PostJsonAsync($"/v2/models/{model}/infer", OneFlowerV2);
        Assert.Equal(served[^1], newest.Body!["model_version"]!.GetValue<string>());
    }

    private async Task<IReadOnlyList<JsonNode>> EntriesAsync(string model)
    {
        var (_, index) = await _client.PostJsonAsync("/v2/repository/index", string.Empty);
        return [.. index!.AsArray().Where(e => e!["name"]!.GetValue<string>() == model).Select(e => e!)];
    }

    private async Task AssertIrisServesAsync()
    {
        var (status, body) = await _client.PostJsonAsync("/v1/models/iris:predict", OneFlower);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"predictions":[1]}""", body!.ToJsonString());
    }
}
