using System.Net;
using System.Text.Json.Nodes;
using Modelplane.Transformer.Tests.Hosting;
using Modelplane.Transformer.Tests.Images;
using SkiaSharp;

namespace Modelplane.Transformer.Tests.Predictors;

/// <summary>The predictor reached over v2 gRPC (<c>--protocol grpc-v2</c>), and found through service discovery.</summary>
public sealed class GrpcPredictorTests
{
    private static JsonObject Colour(string labels) => new()
    {
        ["colour"] = new JsonObject
        {
            ["PredictorModel"] = "colours",
            ["Request"] = new JsonArray(new JsonObject { ["Step"] = "image.decode" }, new JsonObject { ["Step"] = "image.tensor", ["Input"] = "image" }),
            ["Response"] = new JsonArray(new JsonObject { ["Step"] = "argmax", ["Output"] = "means", ["Labels"] = labels }),
        },
    };

    [Theory]
    [InlineData("v2")]
    [InlineData("grpc-v2")]
    public async Task The_predictor_is_found_by_service_name_and_called_by_the_configured_protocol(string protocol)
    {
        using var repository = new ModelRepository().Add("colours", TestModels.ColourClassifier(), """{"labels": ["red", "green", "blue"]}""");
        await using var predictor = new PredictorHost(repository.Root);
        await predictor.StartAsync();

        // As the AppHost passes a reference: services__{name}__http__0, and __grpc__0 for the gRPC endpoint.
        await using var transformer = TransformerHost.ForModels("colour-predictor", Colour(repository.Config("colours")), new Dictionary<string, string?>
        {
            ["Transformer:Protocol"] = protocol,
            ["services:colour-predictor:http:0"] = predictor.HttpAddress.ToString(),
            ["services:colour-predictor:grpc:0"] = predictor.GrpcAddress.ToString(),
        });
        using var client = await transformer.StartAsync();

        var (status, body) = await client.PostJsonAsync("/v1/models/colour:predict", Requests.V1Images(
            TestImages.Solid(3, 3, SKColors.Blue),
            TestImages.Solid(3, 3, SKColors.Red)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["blue", "red"], body!["predictions"]!.AsArray().Select(p => p!["label"]!.GetValue<string>()));
    }
}
