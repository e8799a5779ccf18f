using Microsoft.Extensions.Options;
using Modelplane.Explainer.Configuration;
using Modelplane.Explainer.Explanations;
using Modelplane.Explainer.Metrics;
using Modelplane.Serving.Client;
using Modelplane.Serving.Hosting;

namespace Modelplane.Explainer;

/// <summary>Registers the explainer: its settings, the inference client it calls the predictor with, its metric, and a model of the repository per model version it explains.</summary>
internal static class ExplainerHostingExtensions
{
    /// <summary>The explainer's own switches: KServe's <c>--predictor_host</c>, and the same in Modelplane's spelling.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>
    {
        ["--predictor_host"] = "Explainer:PredictorUrl",
        ["--predictor-host"] = "Explainer:PredictorUrl",
    };

    public static TBuilder AddExplainer<TBuilder>(this TBuilder builder, string[] args)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Configuration.AddCommandLine(args, SwitchMappings.ToDictionary());
        var services = builder.Services;
        services.AddOptions<ExplainerOptions>().BindConfiguration(ExplainerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExplainerOptions>, ExplainerOptionsValidator>();
        services.AddInferenceClient(builder.Configuration, configure: client => ExplainerClientSettings.Apply(builder.Configuration, client));
        services.AddSingleton<IValidateOptions<InferenceClientOptions>>(new ExplainerClientSettings(builder.Configuration));
        services.AddSingleton<ExplainerMetrics>();
        return builder.AddModelRepository<TBuilder, ExplainedModelFactory>();
    }
}
