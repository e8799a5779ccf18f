using Modelplane.Serving.Hosting;
using Modelplane.Serving.Models;

namespace Modelplane.Serving.Tests.Http;

/// <summary>Hands the server a fixed set of models, unloaded, as a model repository would.</summary>
internal sealed class TestModelProvider(params InferenceModel[] models) : IModelProvider
{
    public IEnumerable<InferenceModel> DiscoverModels() => models;
}
