using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Models;

namespace Modelplane.Serving.Repository;

/// <summary>Provides every model version of the configured repository (<c>Serving:ModelRepository</c>).</summary>
internal sealed class RepositoryModelProvider(IOptions<ServingOptions> options, IModelFactory factory, ILogger<RepositoryModelProvider> logger) : IModelProvider
{
    public IEnumerable<InferenceModel> DiscoverModels() =>
        ModelRepositoryScanner.Scan(options.Value.ModelRepository!, logger).Select(factory.Create);
}
