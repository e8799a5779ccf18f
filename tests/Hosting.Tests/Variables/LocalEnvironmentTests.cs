using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Specs;
using Modelplane.Hosting.Storage;
using Modelplane.Hosting.Tests.Processes;

namespace Modelplane.Hosting.Tests.Variables;

/// <summary>
/// The environment a local run gives each replica, as Aspire resolves it for DCP: its own ports, its revision's
/// predictor replicas by Aspire's service-discovery names, and for a predictor the directory its storage initializer
/// fills instead of the store's location.
/// </summary>
public sealed class LocalEnvironmentTests
{
    [Fact]
    public async Task Each_replica_listens_on_its_own_ports_and_an_explainer_replica_finds_the_predictor_replica_of_its_number_by_name()
    {
        using var graph = TestGraph.Model(new Dictionary<string, string?> { ["Modelplane:MaxReplicas"] = "2" });
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithScaling(2).WithExplainer().WithReference(store);
        await using var app = graph.Builder.Build();
        graph.Graph.Complete();
        graph.Graph.PrepareLocalRun();
        var predictors = service.Resource.Component("default", ComponentRole.Predictor)!.ReplicaResources;
        var explainers = service.Resource.Component("default", ComponentRole.Explainer)!.ReplicaResources;
        Assert.Equal(2, explainers.Count);

        // As containers of one pod: explainer replica i calls predictor replica i, which runs whenever it does.
        for (var i = 0; i < explainers.Count; i++)
        {
            var explainer = explainers[i];
            var environment = await LaunchConfiguration.EnvironmentOfAsync(app, explainer);

            Assert.Equal($"http://127.0.0.1:{explainer.Endpoints.Http}", environment["ASPNETCORE_URLS"]);
            Assert.Equal($"{explainer.Endpoints.Grpc}", environment["Serving__GrpcPort"]);
            Assert.Equal("iris-predictor-default", environment["Explainer__Predictor"]);
            Assert.Equal($"http://127.0.0.1:{predictors[i].Endpoints.Http}", environment["services__iris-predictor-default__http__0"]);
            Assert.Equal($"http://127.0.0.1:{predictors[i].Endpoints.Grpc}", environment["services__iris-predictor-default__grpc__0"]);
            Assert.False(environment.ContainsKey("services__iris-predictor-default__http__1"));
            Assert.Equal(explainer.Instance, environment[Microsoft.Extensions.Hosting.Extensions.InstanceVariable]);
            Assert.Equal(graph.Builder.Environment.EnvironmentName, environment["DOTNET_ENVIRONMENT"]);
        }
    }

    [Fact]
    public async Task A_predictor_replica_serves_what_its_storage_initializer_fetched_and_is_not_given_the_store()
    {
        using var graph = TestGraph.Model();
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithReference(store);
        await using var app = graph.Builder.Build();
        graph.Graph.Complete();
        graph.Graph.PrepareLocalRun();
        var predictor = service.Resource.Component("default", ComponentRole.Predictor)!;
        var replica = Assert.Single(predictor.ActiveReplicas);
        predictor.LocalModelRepository = Path.Combine(graph.DataDirectory, "models", "iris"); // as its storage initializer sets it once the model is fetched

        var environment = await LaunchConfiguration.EnvironmentOfAsync(app, replica);

        Assert.Equal(predictor.LocalModelRepository, environment[StorageVariables.ModelRepository]);
        Assert.Equal("iris", environment[StorageVariables.ModelName]);
        Assert.DoesNotContain(environment.Keys, name => name is StorageVariables.StorageUri or StorageVariables.StorageConnection || name.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
        Assert.DoesNotContain(environment.Keys, name => name.StartsWith("services__", StringComparison.Ordinal));
    }
}
