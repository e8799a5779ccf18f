using Microsoft.Extensions.Options;
using Modelplane.Explainer.Configuration;
using Modelplane.Explainer.Explanations;
using Modelplane.Explainer.Metrics;
using Modelplane.Explainer.Predictor;
using Modelplane.Serving.Hosting;

namespace Modelplane.Explainer;

/// <summary>Registers the explainer: its settings, the predictor it calls, its metric, and a model of the repository per model version it explains.</summary>
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
        services.AddSingleton<PredictorClient>();
        var predictorClient = services.AddHttpClient(PredictorClient.HttpClientName, (provider, http) =>
        {
            http.BaseAddress = provider.GetRequiredService<PredictorClient>().Address.BaseAddress;
            http.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<ExplainerOptions>>().Value.PredictorTimeoutSeconds);
        });

        // The service defaults' standard handler retries for seconds and cuts attempts at 10 s: right for small calls, wrong
        // for an explanation's large batches, which a dead predictor should fail at once (503) and Explainer:PredictorTimeoutSeconds bounds.
#pragma warning disable EXTEXP0001 // Evaluation API of Microsoft.Extensions.Http.Resilience; the one way to take a default handler off one client.
        predictorClient.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddSingleton<ExplainerMetrics>();
        return builder.AddModelRepository<TBuilder, ExplainedModelFactory>();
    }
}
