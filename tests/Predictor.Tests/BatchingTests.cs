extern alias modelbuilder;

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using modelbuilder::Modelplane.ModelBuilder.Onnx;
using Modelplane.Serving.Models;
using Modelplane.Serving.Tensors;
using OnnxDataType = modelbuilder::Modelplane.ModelBuilder.Onnx.TensorProto.Types.DataType;

namespace Modelplane.Predictor.Tests;

/// <summary>
/// Dynamic batching in the real predictor: concurrent requests run together, and each gets exactly its own rows back
/// (the same answer as without batching); a model whose tensors have no batch dimension cannot be batched and says so.
/// </summary>
public sealed class BatchingTests
{
    private static readonly Dictionary<string, string?> Batched = new()
    {
        ["Serving:Batching:MaxBatchSize"] = "32",
        ["Serving:Batching:MaxQueueDelayMicroseconds"] = "5000",
    };

    [Fact]
    public async Task Concurrent_requests_run_together_and_each_gets_the_answer_it_would_get_alone()
    {
        using var repository = new TestModelRepository().AddIris();
        await using var alone = new PredictorFactory(repository.Root);
        await using var batched = new PredictorFactory(repository.Root, Batched);
        using var aloneClient = await alone.StartAsync();
        using var batchedClient = await batched.StartAsync();

        // Requests of one to three rows each, so rows from several requests share every run.
        var requests = Enumerable.Range(0, 120).Select(i => Rows(i, 1 + (i % 3))).ToList();
        var expected = await Task.WhenAll(requests.Select(r => InferAsync(aloneClient, r)));
        var actual = await SendAllAsync(batchedClient, requests);

        for (var i = 0; i < requests.Count; i++)
        {
            Assert.Equal(expected[i]["label"], actual[i]["label"]);
            Assert.Equal(expected[i]["probabilities"].Length, actual[i]["probabilities"].Length);
            for (var j = 0; j < expected[i]["probabilities"].Length; j++)
            {
                Assert.Equal(expected[i]["probabilities"][j], actual[i]["probabilities"][j], 1e-6);
            }
        }

        var counters = Model(batched, "iris").BatchCounters!;
        Assert.Equal(requests.Count, counters.Requests);
        Assert.Equal(requests.Sum(r => r.Length), counters.Rows);
        Assert.True(counters.Runs < counters.Requests, $"{counters.Requests} requests ran in {counters.Runs} runs: nothing was batched");
        Assert.Null(Model(alone, "iris").BatchCounters);
    }

    [Fact]
    public async Task Strings_of_batched_requests_come_back_to_the_request_that_sent_them()
    {
        using var repository = new TestModelRepository().AddModelFile("echo", 1, IdentityModels.Build(TensorDataType.Bytes));
        await using var batched = new PredictorFactory(repository.Root, Batched);
        using var client = await batched.StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            var strings = Enumerable.Range(0, 1 + (i % 4)).Select(j => $"request {i} string {j} " + new string('x', i)).ToArray();
            var body = new JsonObject
            {
                ["inputs"] = new JsonArray(new JsonObject
                {
                    ["name"] = "x",
                    ["datatype"] = "BYTES",
                    ["shape"] = new JsonArray(strings.Length),
                    ["data"] = new JsonArray([.. strings.Select(s => (JsonNode)s)]),
                }),
            };
            using var response = await client.PostAsync(new Uri("/v2/models/echo/infer", UriKind.Relative), new StringContent(body.ToJsonString()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var data = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["outputs"]![0]!["data"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
            return (strings, data);
        }));

        Assert.All(answers, a => Assert.Equal(a.strings, a.data));
        Assert.True(Model(batched, "echo").BatchCounters!.Runs < 60, "nothing was batched");
    }

    [Fact]
    public async Task A_model_without_a_batch_dimension_asked_to_batch_is_not_ready_saying_why()
    {
        var graph = new OnnxGraphBuilder("fixed");
        graph.AddInput("x", OnnxDataType.Float, [2, 3]);
        graph.AddNode("Identity", ["x"], ["y"]);
        graph.AddOutput("y", OnnxDataType.Float, [2, 3]);
        using var repository = new TestModelRepository()
            .AddModelFile("fixed", 1, graph.ToBytes())
            .AddConfig("fixed", """{"dynamicBatching": {"maxBatchSize": 8}}""")
            .AddIris();
        await using var predictor = new PredictorFactory(repository.Root, Batched);
        using var client = await predictor.StartAsync();

        using var ready = await client.GetAsync(new Uri("/v2/models/fixed/ready", UriKind.Relative));
        var error = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("dynamic batching needs a first dimension of any size on every input and output, and 'x' has shape [2,3]; turn batching off for this model", error, StringComparison.Ordinal);
        Assert.NotNull(Model(predictor, "iris").BatchCounters);
    }

    [Fact]
    public async Task A_bad_batching_setting_in_config_json_is_named_with_the_file()
    {
        using var repository = new TestModelRepository().AddIris().AddConfig("iris", """{"dynamicBatching": {"maxBatchSize": -4}}""");
        await using var predictor = new PredictorFactory(repository.Root);
        using var client = await predictor.StartAsync();

        using var ready = await client.GetAsync(new Uri("/v2/models/iris/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("config.json: dynamicBatching: maxBatchSize is -4; give 0 (off) or more", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static float[][] Rows(int seed, int count) =>
        [.. Enumerable.Range(0, count).Select(r => IrisData.Features[((seed * 7) + (r * 13)) % IrisData.Features.Length])];

    private static async Task<Dictionary<string, double[]>> InferAsync(HttpClient client, float[][] rows)
    {
        var body = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "input",
                ["datatype"] = "FP32",
                ["shape"] = new JsonArray(rows.Length, 4),
                ["data"] = new JsonArray([.. rows.SelectMany(r => r).Select(v => (JsonNode)v)]),
            }),
        };
        using var response = await client.PostAsync(new Uri("/v2/models/iris/infer", UriKind.Relative), new StringContent(body.ToJsonString()));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!["outputs"]!.AsArray().ToDictionary(
            o => o!["name"]!.GetValue<string>(),
            o => o!["data"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray());
    }

    // All at once, so they queue together at the batcher.
    private static Task<Dictionary<string, double[]>[]> SendAllAsync(HttpClient client, IReadOnlyList<float[][]> requests) =>
        Task.WhenAll(requests.Select(r => Task.Run(() => InferAsync(client, r))));

    private static InferenceModel Model(PredictorFactory predictor, string name) =>
        predictor.Services.GetRequiredService<ModelRegistry>().Resolve(name, null);
}
