using System.Net;
using System.Text.Json.Nodes;
using Modelplane.Transformer.Tests.Hosting;

namespace Modelplane.Transformer.Tests.Tabular;

/// <summary>Named features to an ordered tensor: the real iris model through the transformer, and exact rows through an identity model.</summary>
public sealed class TabularPipelineTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly double[][] TwoRows = [[6.8, 2.8, 4.8, 1.4], [5.1, 3.5, 1.4, 0.2]];

    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Named_features_reach_the_iris_model_in_its_order_and_come_back_as_species()
    {
        // Keys in any order: the feature list decides the tensor's column order.
        var (status, body) = await _client.PostJsonAsync("/v1/models/iris:predict", Requests.V1Rows(
            new JsonObject { ["petal_width"] = 1.4, ["sepal_length"] = 6.8, ["petal_length"] = 4.8, ["sepal_width"] = 2.8 },
            new JsonObject { ["sepal_length"] = 5.1, ["sepal_width"] = 3.5, ["petal_length"] = 1.4, ["petal_width"] = 0.2 },
            new JsonObject { ["sepal_length"] = 7.7, ["sepal_width"] = 3.0, ["petal_length"] = 6.1, ["petal_width"] = 2.3 }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["versicolor", "setosa", "virginica"], body!["predictions"]!.AsArray().Select(p => p!["label"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Every_iris_row_of_the_data_set_is_classified_as_the_predictor_alone_classifies_it()
    {
        var rows = IrisData.Features.Select(f => new JsonObject
        {
            ["sepal_length"] = f[0],
            ["sepal_width"] = f[1],
            ["petal_length"] = f[2],
            ["petal_width"] = f[3],
        }).ToArray();

        var (status, body) = await _client.PostJsonAsync("/v1/models/iris:predict", Requests.V1Rows(rows));

        Assert.Equal(HttpStatusCode.OK, status);
        var labels = body!["predictions"]!.AsArray().Select(p => Array.IndexOf(IrisData.Species, p!["label"]!.GetValue<string>())).ToArray();
        var correct = labels.Zip(IrisData.Labels).Count(pair => pair.First == pair.Second);
        Assert.True(correct >= 140, $"{correct} of 150 rows classified correctly");
    }

    [Fact]
    public async Task Features_may_come_as_one_v2_input_each()
    {
        var request = new JsonObject
        {
            ["inputs"] = new JsonArray([.. PipelineFixture.IrisFeatures.Select((name, i) => (JsonNode)new JsonObject
            {
                ["name"] = name,
                ["datatype"] = "FP32",
                ["shape"] = new JsonArray(2),
                ["data"] = new JsonArray(TwoRows[0][i], TwoRows[1][i]),
            })]),
        };

        var (status, body) = await _client.PostJsonAsync("/v2/models/iris/infer", request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["versicolor", "setosa"], body.Output("label").Strings());
    }

    [Fact]
    public async Task An_unknown_feature_is_ignored_when_the_policy_says_so()
    {
        var (status, body) = await _client.PostJsonAsync("/v1/models/iris-lenient:predict", Requests.V1Rows(
            new JsonObject { ["sepal_length"] = 5.1, ["sepal_width"] = 3.5, ["petal_length"] = 1.4, ["petal_width"] = 0.2, ["colour"] = "purple" }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("setosa", body!["predictions"]![0]!["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task Categories_are_one_hot_and_numbers_standardized_from_stored_statistics()
    {
        // statistics: sepal_length mean 5 std 2, petal_width mean 1 std 0.5; colour in red, green, blue.
        var (status, body) = await _client.PostJsonAsync("/v1/models/table:predict", Requests.V1Rows(
            new JsonObject { ["sepal_length"] = 7.0, ["colour"] = "blue", ["petal_width"] = 2.0 }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("[[1,0,0,1,2]]", body!["predictions"]!.ToJsonString());
    }

    [Fact]
    public async Task Missing_values_are_imputed_when_the_policy_says_so()
    {
        // sepal_length missing: its stored mean (5), which standardizes to 0; colour null: the configured "green".
        var (status, body) = await _client.PostJsonAsync("/v1/models/table:predict", Requests.V1Rows(
            new JsonObject { ["colour"] = null, ["petal_width"] = 0.5 }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("[[0,0,1,0,-1]]", body!["predictions"]!.ToJsonString());
    }
}
