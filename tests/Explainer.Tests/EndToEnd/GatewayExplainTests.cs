extern alias gateway;

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Modelplane.Explainer.Tests.Hosting;

namespace Modelplane.Explainer.Tests.EndToEnd;

/// <summary>
/// The sample iris service as the AppHost runs it: the predictor and the explainer as built processes serving
/// <c>models/</c>, the explainer finding the predictor through <c>services__predictor__http__0</c>, and the real
/// gateway in front, whose route table gives the revision an explainer. <c>:explain</c> sent to the gateway comes back
/// with attributions; everything else still goes to the predictor.
/// </summary>
public sealed class GatewayExplainTests : IAsyncLifetime
{
    private const string ReadmeRequest = """{"instances": [[6.8, 2.8, 4.8, 1.4]]}""";
    private const string ServiceHost = "iris.models.example.test";

    private readonly TemporaryDirectory _routes = new("explainer-routes");
    private ServerProcess? _predictor;
    private ServerProcess? _explainer;
    private HttpClient? _explainerClient;
    private InProcessServer<gateway::Program>? _gateway;

    private HttpClient Gateway => _gateway!.Client;

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // The runner does not dispose a class whose start failed; what did start is stopped here.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        _explainerClient?.Dispose();
        foreach (var process in new[] { _explainer, _predictor })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        // Disposing twice (after a failed start, should the runner dispose too) finds nothing left to stop.
        (_gateway, _explainerClient, _explainer, _predictor) = (null, null, null, null);
        _routes.Dispose();
    }

    private async Task StartAsync()
    {
        _predictor = ServerProcess.Start("Predictor", ["--model-repository", "models"]);
        using var predictor = await _predictor.WaitUntilReadyAsync();
        _explainer = ServerProcess.Start(
            "Explainer", ["--model-repository", "models"], new Dictionary<string, string> { ["services__predictor__http__0"] = predictor.BaseAddress!.ToString() });
        _explainerClient = await _explainer.WaitUntilReadyAsync();

        var revision = new JsonObject
        {
            ["name"] = "default",
            ["percent"] = 100,
            ["predictor"] = new JsonObject { ["http"] = new JsonArray(predictor.BaseAddress!.ToString()), ["grpc"] = new JsonArray() },
            ["explainer"] = new JsonObject { ["http"] = new JsonArray(_explainerClient.BaseAddress!.ToString()), ["grpc"] = new JsonArray() },
        };
        var table = new JsonObject
        {
            ["domain"] = "example.test",
            ["services"] = new JsonArray(new JsonObject { ["name"] = "iris", ["namespace"] = "models", ["revisions"] = new JsonArray(revision) }),
        };
        var path = _routes.Combine("routes.json");
        await File.WriteAllTextAsync(path, table.ToJsonString());
        _gateway = await InProcessServer<gateway::Program>.StartAsync(new Dictionary<string, string?> { ["Gateway:RouteTable"] = path });
    }

    [Fact]
    public async Task The_readme_request_to_the_gateway_returns_attributions_for_each_class_and_feature()
    {
        var answer = await Gateway.PostAsync("/v1/models/iris:explain", ReadmeRequest);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal("[1]", answer.Body!["predictions"]!.ToJsonString());
        Assert.Equal("Exact", answer.Metadata["method"]!.GetValue<string>());
        var attributions = answer.Attributions(0);
        Assert.Equal(3, attributions.Length);
        Assert.All(attributions, perClass => Assert.Equal(4, perClass.Length));
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(answer.OutputValues(0)[k] - answer.BaseValues(0)[k], attributions[k].Sum(), 1e-5);
        }
    }

    [Fact]
    public async Task The_v2_explain_route_reaches_the_explainer_by_host_too()
    {
        var answer = await Gateway.PostAsync(
            "/v2/models/iris/explain", """{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [6.8, 2.8, 4.8, 1.4]}]}""", ServiceHost);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal(3, answer.Body!["explanations"]![0]!["attributions"]!.AsArray().Count);
        Assert.Equal("probabilities", answer.Body!["parameters"]!["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task Predictions_still_go_to_the_predictor()
    {
        var answer = await Gateway.PostAsync("/v1/models/iris:predict", ReadmeRequest);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("""{"predictions":[1]}""", answer.Text);
    }

    [Fact]
    public async Task The_explainers_metrics_count_the_predictor_calls_and_rows_the_response_reports()
    {
        var before = await MetricsAsync();

        var answer = await Gateway.PostAsync("/v1/models/iris:explain", ReadmeRequest);

        // The exporter serves a scrape from its cache for a moment; the explanation shows in the first fresh one.
        var after = before;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Sample(after, "calls_count") == Sample(before, "calls_count") && !patience.IsCancellationRequested)
        {
            await Task.Delay(100, CancellationToken.None);
            after = await MetricsAsync();
        }

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal(1, Sample(after, "calls_count") - Sample(before, "calls_count"));
        Assert.Equal(answer.Calls, Sample(after, "calls_sum") - Sample(before, "calls_sum"));
        Assert.Equal(answer.Rows, Sample(after, "rows_sum") - Sample(before, "rows_sum"));
    }

    private async Task<string> MetricsAsync() => await _explainerClient!.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    // A sample of modelplane_explainer_predictor_{name} for model iris and method Exact; 0 before the first explanation.
    private static long Sample(string metrics, string name)
    {
        var match = Regex.Match(metrics, $@"^modelplane_explainer_predictor_{name}\{{[^}}]*method=""Exact"",model=""iris""[^}}]*\}} (\S+)", RegexOptions.Multiline);
        return match.Success ? (long)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
