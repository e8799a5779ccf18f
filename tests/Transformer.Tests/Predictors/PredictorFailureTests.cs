using System.Net;
using System.Text.Json.Nodes;
using Modelplane.Transformer.Tests.Hosting;
using Modelplane.Transformer.Tests.Images;
using SkiaSharp;

namespace Modelplane.Transformer.Tests.Predictors;

/// <summary>
/// A predictor that is down, hung, or does not serve the model: the client gets a 503 that says which and why, soon,
/// and the transformer itself stays live and ready to serve when the predictor is back.
/// </summary>
public sealed class PredictorFailureTests
{
    private static readonly JsonObject Colour = new()
    {
        ["colour"] = new JsonObject
        {
            ["PredictorModel"] = "colours",
            ["Request"] = new JsonArray(new JsonObject { ["Step"] = "image.decode" }, new JsonObject { ["Step"] = "image.tensor", ["Input"] = "image" }),
        },
    };

    [Fact]
    public async Task A_predictor_that_is_down_is_a_503_with_the_reason_and_the_transformer_keeps_serving()
    {
        var address = SilentServer.ClosedPort();
        await using var transformer = TransformerHost.ForModels(address, Colour);
        using var client = await transformer.StartAsync();

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var (status, body) = await client.PostJsonAsync("/v1/models/colour:predict", Requests.V1Images(TestImages.Solid(2, 2, SKColors.Red)));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains($"the predictor at http://{address} is unreachable for an inference of model 'colours': Connection refused", body.Error(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/v2/health/live")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/v2/models/colour/ready")).Status);
    }

    [Fact]
    public async Task A_predictor_that_never_answers_is_a_503_once_the_timeout_passes()
    {
        using var predictor = new SilentServer();
        await using var transformer = TransformerHost.ForModels(predictor.Address, Colour, new Dictionary<string, string?> { ["Transformer:PredictorTimeoutSeconds"] = "0.5" });
        using var client = await transformer.StartAsync();

        var (status, body) = await client.PostJsonAsync("/v1/models/colour:predict", Requests.V1Images(TestImages.Solid(2, 2, SKColors.Red)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal($"the predictor at http://{predictor.Address} did not answer an inference of model 'colours' within 0.5 s (Transformer:PredictorTimeoutSeconds)", body.Error());
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("grpc-v2")]
    public async Task A_predictor_without_the_model_is_a_503_that_says_so(string protocol)
    {
        using var repository = new ModelRepository().Add("colours", TestModels.ColourClassifier());
        await using var predictor = new PredictorHost(repository.Root);
        await predictor.StartAsync();
        var models = (JsonObject)Colour.DeepClone();
        models["colour"]!["PredictorModel"] = "colors";
        var address = protocol == "v2" ? predictor.HttpAddress : predictor.GrpcAddress;
        await using var transformer = TransformerHost.ForModels(address.ToString(), models, new Dictionary<string, string?> { ["Transformer:Protocol"] = protocol });
        using var client = await transformer.StartAsync();

        var (status, body) = await client.PostJsonAsync("/v1/models/colour:predict", Requests.V1Images(TestImages.Solid(2, 2, SKColors.Red)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains($"does not serve model 'colors': model 'colors' is not served here (models: colours)", body.Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_predictor_down_over_grpc_is_a_503_with_the_reason()
    {
        var address = $"http://{SilentServer.ClosedPort()}";
        await using var transformer = TransformerHost.ForModels(address, Colour, new Dictionary<string, string?> { ["Transformer:Protocol"] = "grpc-v2" });
        using var client = await transformer.StartAsync();

        var (status, body) = await client.PostJsonAsync("/v1/models/colour:predict", Requests.V1Images(TestImages.Solid(2, 2, SKColors.Red)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains($"the predictor at {address} is unreachable for an inference of model 'colours'", body.Error(), StringComparison.Ordinal);
    }
}
