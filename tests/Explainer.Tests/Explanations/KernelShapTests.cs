using System.Globalization;
using System.Net;
using Modelplane.Explainer.Tests.Hosting;

namespace Modelplane.Explainer.Tests.Explanations;

/// <summary>
/// Kernel SHAP where it samples: a 16-feature softmax classifier at the default budget (2080 of 65,534 coalitions),
/// against exact Shapley values the test computes by brute force; and a 20-feature linear regression that exact
/// Shapley values fall back from, whose true values are known in closed form.
/// </summary>
[Collection(SharedExplainers.Name)]
public sealed class KernelShapTests(ExplainerFixture fixture)
{
    /// <summary>The stated bound on Kernel SHAP's error on the 16-feature classifier at the default budget (measured: 4.0e-3, seed 0).</summary>
    public const double SampledTolerance = 0.01;

    [Fact]
    public async Task Sampled_coalitions_at_the_default_budget_come_within_the_stated_tolerance_of_exact()
    {
        var softmax = SoftmaxCase.Instance;

        var answer = await fixture.Explainer.Client.ExplainAsync("softmax16", softmax.Instances);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal("KernelShap", answer.Metadata["method"]!.GetValue<string>());
        Assert.Contains("16 features are more than MaxExactFeatures (14) enumerates: Kernel SHAP chosen", answer.Metadata["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(answer.Metadata["all_coalitions"]!.GetValue<bool>());
        Assert.Equal(2080, answer.Metadata["samples"]!.GetValue<long>());
        var error = 0.0;
        for (var i = 0; i < softmax.Instances.Length; i++)
        {
            var exact = softmax.ExactShapley(softmax.Instances[i]);
            var kernel = answer.Attributions(i);
            for (var k = 0; k < SoftmaxCase.Classes; k++)
            {
                Assert.Equal(answer.OutputValues(i)[k] - answer.BaseValues(i)[k], kernel[k].Sum(), 1e-5);
                for (var f = 0; f < SoftmaxCase.Features; f++)
                {
                    error = Math.Max(error, Math.Abs(exact[k][f] - kernel[k][f]));
                }
            }
        }

        Assert.True(error <= SampledTolerance, $"Kernel SHAP differs from exact by up to {error.ToString("E2", CultureInfo.InvariantCulture)}");
    }

    [Fact]
    public async Task Exact_falls_back_to_kernel_shap_above_max_exact_features_and_says_so()
    {
        var wide = LinearCase.Wide;

        var answer = await fixture.Explainer.Client.ExplainAsync("wide", wide.Instances);

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Text);
        Assert.Equal("KernelShap", answer.Metadata["method"]!.GetValue<string>());
        Assert.Equal(
            "exact Shapley values would score 2^20 = 1,048,576 coalitions for 20 features, more than MaxExactFeatures (14) allows: explained with Kernel SHAP instead (ExactFallback)",
            answer.Metadata["note"]!.GetValue<string>());
        for (var i = 0; i < wide.Instances.Length; i++)
        {
            var attributions = Assert.Single(answer.Attributions(i));
            for (var f = 0; f < 20; f++)
            {
                Assert.Equal(wide.Shapley(wide.Instances[i], f), attributions[f], 1e-4);
            }
        }
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_answer_whatever_else_is_in_the_request()
    {
        var softmax = SoftmaxCase.Instance;

        var alone = await fixture.Explainer.Client.ExplainAsync("softmax16", [softmax.Instances[0]]);
        var together = await fixture.Explainer.Client.ExplainAsync("softmax16", softmax.Instances);

        Assert.True(alone.Status == HttpStatusCode.OK, alone.Text);
        Assert.Equal(alone.Explanations[0]!.ToJsonString(), together.Explanations[0]!.ToJsonString());
    }
}
