using Microsoft.Extensions.Options;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Models;
using Modelplane.Serving.Repository;

namespace Modelplane.Predictor.Onnx;

/// <summary>Creates an <see cref="OnnxModel"/> for each version directory of the repository.</summary>
internal sealed class OnnxModelFactory(
    IOptions<OnnxRuntimeOptions> options,
    IOptions<ServingOptions> serving,
    ExecutionProviderSelector providers,
    ILogger<OnnxModel> logger) : IModelFactory
{
    public InferenceModel Create(ModelVersionEntry entry) => new OnnxModel(entry, options.Value, providers.Provider, serving.Value.Batching, logger);
}
