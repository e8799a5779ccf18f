using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Models;
using Modelplane.Serving.Tests.Http;
using Modelplane.Serving.Tests.Models;

namespace Modelplane.Serving.Tests.Hosting;

/// <summary>The background loader registers what providers find, loads it, and says why the server is not ready when finding fails.</summary>
public sealed class ModelLoaderTests
{
    [Fact]
    public async Task Every_model_found_is_registered_and_loaded_then_the_initial_load_is_done()
    {
        var (registry, readiness) = await RunAsync(
            new TestModelProvider(new TestModel("iris", "1"), new TestModel("broken", "1", loadFailure: new InvalidDataException("bad file"))),
            new TestModelProvider(new TestModel("iris", "2")));

        Assert.True(readiness.InitialLoadDone);
        Assert.Equal(["broken/1/Failed", "iris/1/Ready", "iris/2/Ready"], registry.All.Select(m => $"{m.Name}/{m.Version}/{m.State}"));
        Assert.True(readiness.IsReady);
    }

    [Fact]
    public async Task A_provider_that_throws_leaves_the_server_up_but_unready_with_the_reason()
    {
        var (registry, readiness) = await RunAsync(new TestModelProvider(new TestModel("iris", "1")), new ThrowingProvider());

        Assert.True(readiness.InitialLoadDone);
        Assert.Equal("the models could not be found: the repository is unreadable", readiness.Check());
        Assert.True(registry.Resolve("iris").IsReady);
    }

    [Fact]
    public async Task Two_models_with_the_same_name_and_version_are_a_discovery_failure()
    {
        var (_, readiness) = await RunAsync(new TestModelProvider(new TestModel("iris", "1"), new TestModel("iris", "1")));

        Assert.Equal("the models could not be found: model 'iris' version 1 is already registered", readiness.Check());
    }

    private static async Task<(ModelRegistry Registry, ServingReadiness Readiness)> RunAsync(params IModelProvider[] providers)
    {
        var registry = new ModelRegistry();
        var readiness = new ServingReadiness(registry, Options.Create(new ServingOptions()));
        using var loader = new ModelLoader(providers, registry, readiness, NullLogger<ModelLoader>.Instance);

        await loader.StartAsync(CancellationToken.None);
        await loader.ExecuteTask!;
        await loader.StopAsync(CancellationToken.None);
        return (registry, readiness);
    }

    private sealed class ThrowingProvider : IModelProvider
    {
        public IEnumerable<InferenceModel> DiscoverModels() => throw new IOException("the repository is unreadable");
    }
}
