using System.Globalization;
using System.Net;

namespace Modelplane.Predictor.Tests;

/// <summary>
/// Triton's model control modes: <c>none</c> loads everything at start and keeps the repository API shut, as does
/// <c>poll</c>, which also follows the repository as directories come and go.
/// </summary>
public sealed class ModelControlModeTests
{
    private const string OneFlower = """{"instances": [[6.8, 2.8, 4.8, 1.4]]}""";

    [Theory]
    [InlineData("none", "load")]
    [InlineData("none", "unload")]
    [InlineData("poll", "load")]
    [InlineData("poll", "unload")]
    public async Task Outside_explicit_mode_the_repository_api_refuses_naming_the_setting(string mode, string action)
    {
        using var repository = new TestModelRepository().AddIris("iris").AddIris("spare");
        await using var factory = new PredictorFactory(repository.Root, new Dictionary<string, string?> { ["Serving:ModelControlMode"] = mode });
        using var client = await factory.StartAsync();

        var (status, body) = await client.PostJsonAsync($"/v2/repository/models/spare/{action}", string.Empty);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(
            $"cannot {action} models through the API in model control mode '{mode}'; set Serving:ModelControlMode to 'explicit'",
            body.Error(),
            StringComparison.Ordinal);

        // Both modes load every model of the repository at start, and the refusal changed nothing.
        Assert.Equal("""{"models":["iris","spare"]}""", (await client.GetJsonAsync("/v1/models")).Body!.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/v1/models/spare:predict", OneFlower)).Status);
    }

    [Fact]
    public async Task Poll_mode_loads_a_new_model_directory_and_unloads_a_removed_one()
    {
        using var repository = new TestModelRepository().AddIris("iris");
        using var staging = new TemporaryDirectory("staging");
        await using var factory = new PredictorFactory(repository.Root, new Dictionary<string, string?>
        {
            ["Serving:ModelControlMode"] = "poll",
            ["Serving:RepositoryPollSeconds"] = (0.2).ToString(CultureInfo.InvariantCulture),
        });
        using var client = await factory.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetJsonAsync("/v2/models/fresh/ready")).Status);

        // Built aside and moved in whole, so no poll sees a half-written model.
        Directory.CreateDirectory(staging.Combine("fresh", "1"));
        await File.WriteAllBytesAsync(staging.Combine("fresh", "1", "model.onnx"), TestModelRepository.IrisModelBytes);
        Directory.Move(staging.Combine("fresh"), Path.Combine(repository.Root, "fresh"));

        await Eventually.WaitAsync("the new model to be ready", async () => (await client.GetJsonAsync("/v2/models/fresh/ready")).Status == HttpStatusCode.OK);
        var predict = await client.PostJsonAsync("/v1/models/fresh:predict", OneFlower);
        Assert.Equal("""{"predictions":[1]}""", predict.Body!.ToJsonString());

        Directory.Move(Path.Combine(repository.Root, "fresh"), staging.Combine("gone"));

        await Eventually.WaitAsync("the removed model to be unloaded", async () => (await client.GetJsonAsync("/v2/models/fresh/ready")).Status == HttpStatusCode.NotFound);
        var infer = await client.PostJsonAsync("/v1/models/fresh:predict", OneFlower);
        Assert.Equal(HttpStatusCode.NotFound, infer.Status);
        Assert.Contains("model 'fresh' is not served here (models: iris)", infer.Body.Error(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/v1/models/iris:predict", OneFlower)).Status);
    }
}
