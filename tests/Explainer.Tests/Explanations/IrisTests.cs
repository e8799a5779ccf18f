using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Modelplane.Explainer.Tests.Hosting;

namespace Modelplane.Explainer.Tests.Explanations;

/// <summary>
/// The sample iris model, whose class probabilities are not linear in its features: exact Shapley values and Kernel SHAP
/// at its default budget, against the committed background (the 150 training rows).
/// </summary>
[Collection(SharedExplainers.Name)]
public sealed class IrisTests(ExplainerFixture fixture)
{
    /// <summary>
    /// Kernel SHAP's stated error against exact Shapley values on iris at its default budget. The budget, 2 · 4 + 2048
    /// coalitions, covers all 14 coalitions of four features, so Kernel SHAP enumerates them and differs from exact only by
    /// the rounding of its least-squares solve (measured: 1.7e-16 over 15 flowers, 3 classes, 4 features).
    /// </summary>
    public const double KernelShapTolerance = 1e-9;

    // Every tenth row of the data: all three species and the versicolor/virginica border.
    private static readonly double[][] Instances = [.. IrisData.Features.Where((_, i) => i % 10 == 0).Select(row => row.Select(v => (double)v).ToArray())];

    [Fact]
    public async Task Exact_attributions_add_up_to_the_prediction_minus_the_mean_prediction_over_the_background()
    {
        var answer = await fixture.Explainer.Client.ExplainAsync("iris", Instances);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal("Exact", answer.Metadata["method"]!.GetValue<string>());
        var meanPrediction = await MeanPredictionOverBackgroundAsync();
        for (var i = 0; i < Instances.Length; i++)
        {
            var attributions = answer.Attributions(i);
            var baseValues = answer.BaseValues(i);
            var output = answer.OutputValues(i);
            Assert.Equal(3, attributions.Length);
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(meanPrediction[k], baseValues[k], 1e-6);
                Assert.Equal(output[k] - baseValues[k], attributions[k].Sum(), 1e-5);
            }
        }
    }

    [Fact]
    public async Task Explanations_name_the_classes_and_features_and_come_with_the_predictors_predictions()
    {
        var answer = await fixture.Explainer.Client.ExplainAsync("iris", [[6.8, 2.8, 4.8, 1.4]]);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal("[1]", answer.Body!["predictions"]!.ToJsonString());
        var explanation = answer.Explanations.Single()!;
        Assert.Equal(["setosa", "versicolor", "virginica"], explanation["labels"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], explanation["feature_names"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("probabilities", answer.Metadata["output"]!.GetValue<string>());
        Assert.Equal(150, answer.Metadata["background_rows"]!.GetValue<long>());

        // Versicolor, predicted, owes most to the petals.
        var versicolor = answer.Attributions(0)[1];
        Assert.True(versicolor[2] + versicolor[3] > versicolor[0] + versicolor[1], string.Join(", ", versicolor));
    }

    [Fact]
    public async Task Kernel_shap_at_its_default_budget_is_within_the_stated_tolerance_of_exact()
    {
        var exact = await fixture.Explainer.Client.ExplainAsync("iris", Instances);
        var kernel = await fixture.Explainer.Client.ExplainAsync("iris-kernel", Instances);

        Assert.True(kernel.Status == HttpStatusCode.OK, kernel.Text);
        Assert.Equal("KernelShap", kernel.Metadata["method"]!.GetValue<string>());
        Assert.Equal(2056, kernel.Metadata["samples"]!.GetValue<long>());
        Assert.Equal(16, kernel.Metadata["coalitions"]!.GetValue<long>());
        Assert.True(kernel.Metadata["all_coalitions"]!.GetValue<bool>());
        var error = 0.0;
        for (var i = 0; i < Instances.Length; i++)
        {
            var (want, got) = (exact.Attributions(i), kernel.Attributions(i));
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(kernel.OutputValues(i)[k] - kernel.BaseValues(i)[k], got[k].Sum(), 1e-5);
                for (var f = 0; f < 4; f++)
                {
                    error = Math.Max(error, Math.Abs(want[k][f] - got[k][f]));
                }
            }
        }

        Assert.True(error <= KernelShapTolerance, $"Kernel SHAP differs from exact by up to {error.ToString("E2", CultureInfo.InvariantCulture)}");
    }

    [Fact]
    public async Task The_v2_route_gives_the_same_attributions_beside_the_predictors_v2_outputs()
    {
        var v1 = await fixture.Explainer.Client.ExplainAsync("iris", [[6.8, 2.8, 4.8, 1.4]]);

        var v2 = await fixture.Explainer.Client.PostAsync(
            "/v2/models/iris/versions/1/explain",
            """{"id": "flower-7", "inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4], "data": [6.8, 2.8, 4.8, 1.4]}]}""");

        Assert.True(v2.Status == HttpStatusCode.OK, v2.Text);
        Assert.Equal("iris", v2.Body!["model_name"]!.GetValue<string>());
        Assert.Equal("1", v2.Body!["model_version"]!.GetValue<string>());
        Assert.Equal("flower-7", v2.Body!["id"]!.GetValue<string>());
        Assert.Equal(["label", "probabilities"], v2.Body!["outputs"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        Assert.Equal("Exact", v2.Body!["parameters"]!["method"]!.GetValue<string>());
        Assert.Equal(v1.Metadata["predictor_rows"]!.GetValue<long>(), v2.Body!["parameters"]!["predictor_rows"]!.GetValue<long>());
        Assert.Equal(v1.Explanations.ToJsonString(), v2.Body!["explanations"]!.ToJsonString());
    }

    // E[f(background)] asked of the predictor directly: the mean probability of each class over the 150 background rows.
    private async Task<double[]> MeanPredictionOverBackgroundAsync()
    {
        var rows = File.ReadAllLines(RepositoryRoot.Combine("models", "iris", "background.csv")).Skip(1).Where(l => l.Length > 0).ToList();
        var request = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "input",
                ["datatype"] = "FP32",
                ["shape"] = new JsonArray(rows.Count, 4),
                ["data"] = new JsonArray([.. rows.SelectMany(l => l.Split(',')).Select(v => (JsonNode)double.Parse(v, CultureInfo.InvariantCulture))]),
            }),
            ["outputs"] = new JsonArray(new JsonObject { ["name"] = "probabilities" }),
        };
        var answer = await fixture.Predictor.Client.PostAsync("/v2/models/iris/infer", request.ToJsonString());
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        var data = answer.Body!["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        return [.. Enumerable.Range(0, 3).Select(k => Enumerable.Range(0, rows.Count).Average(r => data[(r * 3) + k]))];
    }
}
