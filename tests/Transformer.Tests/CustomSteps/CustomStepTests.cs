using System.Net;
using System.Text.Json.Nodes;
using Modelplane.Transformer.Tests.Hosting;
using Modelplane.Transformer.Tests.Images;
using SkiaSharp;

namespace Modelplane.Transformer.Tests.CustomSteps;

/// <summary>A step written in C#, registered as a Program.cs would register it, and named in a pipeline like a built-in one.</summary>
public sealed class CustomStepTests
{
    [Fact]
    public async Task A_registered_custom_step_runs_where_the_pipeline_names_it()
    {
        using var repository = new ModelRepository().Add("colours", TestModels.ColourClassifier(), """{"labels": ["red", "green", "blue"]}""");
        await using var predictor = new PredictorHost(repository.Root);
        await predictor.StartAsync();
        var models = new JsonObject
        {
            ["traffic-light"] = new JsonObject
            {
                ["PredictorModel"] = "colours",
                ["Request"] = new JsonArray(new JsonObject { ["Step"] = "image.decode" }, new JsonObject { ["Step"] = "image.tensor", ["Input"] = "image" }),
                ["Response"] = new JsonArray(
                    new JsonObject { ["Step"] = "argmax", ["Output"] = "means", ["Labels"] = repository.Config("colours") },
                    new JsonObject { ["Step"] = "rename-labels", ["Names"] = new JsonObject { ["red"] = "stop", ["green"] = "go" } }),
            },
        };
        await using var transformer = TransformerHost.ForModels(
            predictor.HttpAddress.ToString(),
            models,
            steps: transformer => transformer.AddResponseStep<RenameLabelsStep, RenameLabelsOptions>("rename-labels"));
        using var client = await transformer.StartAsync();

        var (status, body) = await client.PostJsonAsync("/v1/models/traffic-light:predict", Requests.V1Images(
            TestImages.Solid(2, 2, SKColors.Red),
            TestImages.Solid(2, 2, SKColors.Lime),
            TestImages.Solid(2, 2, SKColors.Blue)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["stop", "go", "blue"], body!["predictions"]!.AsArray().Select(p => p!["label"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_pipeline_that_names_an_unregistered_step_is_not_ready_and_says_which_steps_exist()
    {
        var models = new JsonObject
        {
            ["traffic-light"] = new JsonObject
            {
                ["Request"] = new JsonArray(new JsonObject { ["Step"] = "image.decode" }, new JsonObject { ["Step"] = "image.tensor" }),
                ["Response"] = new JsonArray(new JsonObject { ["Step"] = "rename-labels" }),
            },
        };
        await using var transformer = TransformerHost.ForModels("127.0.0.1:9", models);
        using var client = await transformer.StartAsync();

        var (status, body) = await client.GetJsonAsync("/v2/models/traffic-light/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains(
            "Transformer:Models:traffic-light:Response:0: there is no response step 'rename-labels' (there are: argmax, ctc-decode, ocr.lines, softmax, threshold, top-k)",
            body!["error"]!.GetValue<string>(),
            StringComparison.Ordinal);
    }
}
