using System.Net;
using System.Text.Json.Nodes;
using Modelplane.Transformer.Tests.Images;
using SkiaSharp;

namespace Modelplane.Transformer.Tests.Hosting;

/// <summary>
/// The built transformer as its own process, started as KServe starts a transformer (<c>--model_name</c>,
/// <c>--predictor_host</c>, <c>--http_port</c>, <c>--protocol</c>), and refusing to start, in one line, when it
/// cannot work.
/// </summary>
public sealed class TransformerProcessTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task KServe_arguments_start_a_transformer_that_serves_the_named_model()
    {
        using var directory = new TemporaryDirectory("transformer-process");
        var pipeline = directory.Combine("pipeline.json");
        JsonObject Colour() => new()
        {
            ["PredictorModel"] = "colours",
            ["Request"] = new JsonArray(new JsonObject { ["Step"] = "image.decode" }, new JsonObject { ["Step"] = "image.tensor", ["Input"] = "image" }),
            ["Response"] = new JsonArray(new JsonObject { ["Step"] = "argmax", ["Output"] = "means", ["Labels"] = fixture.ColoursConfig }),
        };
        await File.WriteAllTextAsync(pipeline, new JsonObject { ["Transformer"] = new JsonObject { ["Models"] = new JsonObject { ["colour"] = Colour(), ["other"] = Colour() } } }.ToJsonString());

        // No ASPNETCORE_URLS, so --http_port decides, as in a KServe container.
        await using var process = ServerProcess.Start(
            "Transformer",
            ["--model_name", "colour", "--predictor_host", $"127.0.0.1:{fixture.PredictorAddress.Port}", "--http_port", "0", "--protocol", "v2", "--grpc_port", "-1", "--pipeline", pipeline],
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = string.Empty });
        var listening = await process.WaitUntilListeningAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listening.Port}") };
        await WaitReadyAsync(client);

        var (status, body) = await client.PostJsonAsync("/v1/models/colour:predict", Requests.V1Images(TestImages.Solid(2, 2, SKColors.Lime)));
        var models = await client.GetJsonAsync("/v1/models");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("green", body!["predictions"]![0]!["label"]!.GetValue<string>());
        Assert.Equal("""{"models":["colour"]}""", models.Body!.ToJsonString());
    }

    [Theory]
    [InlineData("--protocol v1", "Transformer:Protocol (--protocol) is 'v1': the transformer calls its predictor with the Open Inference Protocol; use 'v2' or 'grpc-v2' (clients may still send v1 requests)")]
    [InlineData("--protocol grpc", "Transformer:Protocol (--protocol) is 'grpc'; use 'v2' or 'grpc-v2'")]
    [InlineData("--predictor_host=", "Transformer:Predictor (--predictor_host) is not set: give the predictor's service name, host:port or URL")]
    [InlineData("--model_name tulip", "--model_name is 'tulip', but Transformer:Models has no pipeline of that name (pipelines: ocr-cls, ocr-document, ocr-rec)")]
    [InlineData("--pipeline missing.json", "Transformer:Pipeline (--pipeline) names 'missing.json', which does not exist")]
    [InlineData("--predictor_host ftp://predictor", "Transformer:Predictor 'ftp://predictor' is not an http(s) URL")]
    public async Task A_transformer_that_cannot_work_refuses_to_start_in_one_line(string arguments, string message)
    {
        string[] defaults = ["--pipeline", RepositoryRoot.Combine("models", "ocr", "transformer.json"), "--predictor_host", "127.0.0.1:9"];
        await using var process = ServerProcess.Start("Transformer", [.. defaults, .. arguments.Split(' ')]);

        var exitCode = await process.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains(message, process.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.StandardError, StringComparison.Ordinal);
    }

    private static async Task WaitReadyAsync(HttpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/v2/health/ready", UriKind.Relative), timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (!timeout.IsCancellationRequested)
            {
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
