using System.Net;
using System.Text.Json.Nodes;

namespace Modelplane.Transformer.Tests.Hosting;

/// <summary>
/// Pipelines that cannot be built, one per row: the model is not ready and says which entry is wrong and how; the
/// other pipelines of the same transformer serve.
/// </summary>
public sealed class PipelineConfigurationTests : IAsyncLifetime
{
    private static readonly (string Model, JsonNode Request, string Message)[] Broken =
    [
        ("typo", Steps(new JsonObject { ["Step"] = "image.resize", ["Widht"] = 10, ["Height"] = 10 }), "Transformer:Models:typo:Request:0 (image.resize): unknown setting 'Widht' (the step has: Width, MaxWidth, Height, Mode, Center, PadColor)"),
        ("not-a-number", Steps(new JsonObject { ["Step"] = "image.resize", ["Width"] = "wide", ["Height"] = 10 }), "Transformer:Models:not-a-number:Request:0 (image.resize): Failed to convert configuration value 'wide'"),
        ("no-size", Steps(new JsonObject { ["Step"] = "image.resize" }), "Transformer:Models:no-size:Request:0 (image.resize): Width and Height must be more than 0 (they are 0 and 0)"),
        ("no-step", Steps(new JsonObject { ["Width"] = 10 }), "Transformer:Models:no-step:Request:0: the entry has no 'Step'; name one of the request steps: image.crop, image.decode"),
        ("wrong-side", Steps(new JsonObject { ["Step"] = "softmax", ["Output"] = "y" }), "Transformer:Models:wrong-side:Request:0: 'softmax' is a response step; it cannot run in Request"),
        ("bad-colour", Steps(new JsonObject { ["Step"] = "image.resize", ["Width"] = 1, ["Height"] = 1, ["PadColor"] = "grey" }), "PadColor 'grey' is not a colour such as #808080"),
        ("no-dictionary", Steps(), "Transformer:Models:no-dictionary:Response:0 (ctc-decode): Dictionary names 'missing/keys.txt', which does not exist"),
        ("empty", null!, "Transformer:Models:empty: the pipeline has no steps; list them under Request and Response"),
    ];

    private TransformerHost? _transformer;
    private HttpClient _client = null!;

    public static TheoryData<string, string> Cases
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var (model, _, message) in Broken)
            {
                cases.Add(model, message);
            }

            return cases;
        }
    }

    public async Task InitializeAsync()
    {
        var models = new JsonObject
        {
            ["good"] = new JsonObject { ["Request"] = Steps(new JsonObject { ["Step"] = "image.decode" }) },
            ["empty"] = new JsonObject { ["PredictorModel"] = "x" },
        };
        foreach (var (model, request, _) in Broken.Where(b => b.Model != "empty"))
        {
            models[model] = new JsonObject { ["Request"] = request.DeepClone() };
        }

        models["no-dictionary"]!["Response"] = new JsonArray(new JsonObject { ["Step"] = "ctc-decode", ["Output"] = "y", ["Dictionary"] = "missing/keys.txt" });
        _transformer = TransformerHost.ForModels("127.0.0.1:9", models);
        _client = await _transformer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_transformer is not null)
        {
            await _transformer.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_pipeline_that_cannot_be_built_is_not_ready_and_says_where_and_why(string model, string message)
    {
        var (status, body) = await _client.GetJsonAsync($"/v2/models/{model}/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var error = body!["error"]!.GetValue<string>();
        Assert.True(error.Contains(message, StringComparison.Ordinal), $"'{message}' is not in: {error}");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetJsonAsync("/v2/models/good/ready")).Status);
    }

    private static JsonArray Steps(params JsonObject[] steps) => new([.. steps]);
}
