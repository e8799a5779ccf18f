using System.Net;
using Modelplane.Explainer.Tests.Hosting;

namespace Modelplane.Explainer.Tests.Explanations;

/// <summary>
/// A linear regression built with the repository's ONNX writer, served by the real predictor, against background data
/// of independent features: its exact Shapley values are known in closed form, <c>w_i (x_i − mean_i)</c>.
/// </summary>
[Collection(SharedExplainers.Name)]
public sealed class LinearRegressionTests(ExplainerFixture fixture)
{
    [Fact]
    public async Task Exact_shapley_values_are_each_weight_times_the_distance_from_the_background_mean()
    {
        var linear = LinearCase.Small;

        var answer = await fixture.Explainer.Client.ExplainAsync("linear", linear.Instances);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal("Exact", answer.Metadata["method"]!.GetValue<string>());
        Assert.Equal("y", answer.Metadata["output"]!.GetValue<string>());
        for (var i = 0; i < linear.Instances.Length; i++)
        {
            var instance = linear.Instances[i];
            var attributions = Assert.Single(answer.Attributions(i));
            Assert.Equal(linear.Weights.Length, attributions.Length);
            for (var f = 0; f < attributions.Length; f++)
            {
                Assert.Equal(linear.Shapley(instance, f), attributions[f], 1e-5);
            }

            Assert.Equal(linear.Predict(linear.Means), Assert.Single(answer.BaseValues(i)), 1e-5);
            Assert.Equal(linear.Predict(instance), Assert.Single(answer.OutputValues(i)), 1e-5);
        }
    }

    [Fact]
    public async Task Feature_names_come_from_the_background_files_header()
    {
        var answer = await fixture.Explainer.Client.ExplainAsync("linear", [LinearCase.Small.Instances[0]]);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal(LinearCase.Small.FeatureNames, answer.Explanations[0]!["feature_names"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Null(answer.Explanations[0]!["labels"]);
    }
}
