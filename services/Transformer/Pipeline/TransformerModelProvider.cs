using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Client;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Models;

namespace Modelplane.Transformer.Pipeline;

/// <summary>
/// One model per pipeline under <c>Transformer:Models</c>; with KServe's <c>--model_name</c> only that one, as KServe
/// starts one transformer per InferenceService.
/// </summary>
internal sealed class TransformerModelProvider(
    IConfiguration configuration,
    IOptions<ServingOptions> serving,
    PipelineFactory factory,
    IInferenceClient predictor) : IModelProvider
{
    public IEnumerable<InferenceModel> DiscoverModels()
    {
        var models = configuration.GetSection(TransformerOptions.Section).GetSection("Models");
        foreach (var pipeline in models.GetChildren())
        {
            if (serving.Value.ModelName is { Length: > 0 } only && pipeline.Key != only)
            {
                continue;
            }

            yield return new TransformerModel(pipeline.Key, pipeline, factory, predictor);
        }
    }
}
