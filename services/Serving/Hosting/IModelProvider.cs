using Modelplane.Serving.Models;

namespace Modelplane.Serving.Hosting;

/// <summary>Finds the models a server loads at start, such as every version in a model repository.</summary>
public interface IModelProvider
{
    /// <summary>The models to register and load; none is loaded yet.</summary>
    IEnumerable<InferenceModel> DiscoverModels();
}
