using Microsoft.Extensions.Options;
using Modelplane.Explainer.Configuration;
using Modelplane.Serving.Client;
using Modelplane.Serving.Models;
using Modelplane.Serving.Repository;

namespace Modelplane.Explainer.Explanations;

/// <summary>Creates an <see cref="ExplainedModel"/> for each model version of the repository, with that model's settings.</summary>
internal sealed class ExplainedModelFactory(
    IConfiguration configuration, IInferenceClient predictor, IOptions<ExplainerOptions> options, ILogger<ExplainedModel> logger) : IModelFactory
{
    public InferenceModel Create(ModelVersionEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new ExplainedModel(entry, ExplainerConfiguration.ForModel(configuration, entry.Name), predictor, options.Value, logger);
    }
}
