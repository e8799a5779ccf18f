using Microsoft.Extensions.Configuration;
using Modelplane.Explainer.Configuration;

namespace Modelplane.Explainer.Tests.Configuration;

public sealed class ExplainerConfigurationTests
{
    [Fact]
    public void A_models_own_settings_win_over_the_server_wide_ones()
    {
        var configuration = Configuration(new()
        {
            ["Explainer:Method"] = "KernelShap",
            ["Explainer:Samples"] = "500",
            ["Explainer:Models:iris:Method"] = "exact",
            ["Explainer:Models:iris:Background"] = "data/bg.csv",
        });

        var iris = ExplainerConfiguration.ForModel(configuration, "iris");
        var other = ExplainerConfiguration.ForModel(configuration, "other");

        Assert.Equal(ExplanationMethod.Exact, iris.Method);
        Assert.Equal(500, iris.Samples);
        Assert.Equal("data/bg.csv", iris.Background);
        Assert.Equal(ExplanationMethod.KernelShap, other.Method);
        Assert.Null(other.Background);
        Assert.Empty(ExplainerConfiguration.Check(configuration));
    }

    [Fact]
    public void Defaults_are_auto_with_exact_up_to_14_features_falling_back_to_kernel_shap()
    {
        var options = ExplainerConfiguration.ForModel(Configuration([]), "iris");

        Assert.Equal(ExplanationMethod.Auto, options.Method);
        Assert.Equal(14, options.MaxExactFeatures);
        Assert.Equal(ExactFallback.KernelShap, options.ExactFallback);
        Assert.Null(options.Samples);
        Assert.Equal(ImageLayout.Nchw, options.Layout);
    }

    [Theory]
    [InlineData("Explainer:Methd", "Exact", "Explainer:Methd is not an explainer setting (settings: ")]
    [InlineData("Explainer:Models:iris:Sample", "100", "Explainer:Models:iris:Sample is not an explainer setting")]
    [InlineData("Explainer:Models:iris:PredictorUrl", "http://x", "Explainer:Models:iris:PredictorUrl is not an explainer setting")]
    [InlineData("Explainer:Method", "Magic", "Explainer:Method is 'Magic'; use one of Auto, Exact, KernelShap, Occlusion")]
    [InlineData("Explainer:Method", "2", "Explainer:Method is '2'; use one of Auto, Exact, KernelShap, Occlusion")]
    [InlineData("Explainer:Models:iris:ExactFallback", "Sampling", "Explainer:Models:iris:ExactFallback is 'Sampling'; use one of KernelShap, None")]
    [InlineData("Explainer:MaxExactFeatures", "30", "Explainer:MaxExactFeatures is '30'; use a whole number from 1 to 24")]
    [InlineData("Explainer:Samples", "1", "Explainer:Samples is '1'; use a whole number of at least 2")]
    [InlineData("Explainer:MaxBatchSize", "lots", "Explainer:MaxBatchSize is 'lots'; use a whole number of at least 1")]
    [InlineData("Explainer:PredictorTimeoutSeconds", "0", "Explainer:PredictorTimeoutSeconds is '0'; use a number above 0")]
    [InlineData("Explainer:Baseline", "NaN", "Explainer:Baseline is 'NaN'; use a number")]
    [InlineData("Explainer:Layout", "CHW", "Explainer:Layout is 'CHW'; use one of Nchw, Nhwc")]
    public void A_bad_setting_is_named_with_what_it_takes(string key, string value, string message)
    {
        var problems = ExplainerConfiguration.Check(Configuration(new() { [key] = value }));

        Assert.StartsWith(message, Assert.Single(problems), StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
