using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.InferenceServices;

/// <summary>
/// An InferenceService becomes one process resource per revision and component, named as KServe names a revision's
/// deployment, with the settings KServe gives a model server; a spec written for a cluster runs when its model can be
/// located here, and otherwise keeps the graph from running with the spec's own file, line and field.
/// </summary>
public sealed class ComponentExpansionTests
{
    [Fact]
    public void A_service_with_a_canary_becomes_a_predictor_per_revision_with_storage_and_model_settings()
    {
        using var graph = new TestGraph();
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("sklearn-iris").WithModel("s3://models/iris").WithCanary("s3://models/iris", 10).WithReference(store);

        var app = graph.Builder.Build();

        Assert.Empty(app.Problems);
        Assert.Equal(["sklearn-iris-predictor-default", "sklearn-iris-predictor-canary"], service.Resource.Components.Select(c => c.Name));
        Assert.Equal([90, 10], service.Resource.Spec.Revisions.Select(r => r.TrafficPercent));
        foreach (var predictor in service.Resource.Components)
        {
            var environment = predictor.Annotations.OfType<EnvironmentAnnotation>().ToDictionary(e => e.Name, e => e.Value);
            Assert.Equal("s3://models/iris", environment["STORAGE_URI"]);
            Assert.Equal("sklearn-iris", environment["Serving__ModelName"]);
            Assert.Equal("models", environment["Serving__StorageConnection"]);
            Assert.Equal(ServiceProject.Predictor.AssemblyPath, predictor.Project.AssemblyPath);
            Assert.Contains(predictor.Annotations.OfType<ReferenceAnnotation>(), r => r.Target == store.Resource);
            Assert.Contains(predictor.Annotations.OfType<WaitAnnotation>(), w => w.Resource == store.Resource);
            Assert.Equal(new HealthCheckAnnotation("http", "/v2/health/ready"), predictor.Annotations.Last<HealthCheckAnnotation>());
            Assert.Equal(["http", "grpc"], predictor.Annotations.OfType<EndpointAnnotation>().Select(e => e.Name));
        }
    }

    [Fact]
    public void KServes_first_inference_service_runs_unchanged_when_its_storage_uri_is_mapped_to_the_local_store()
    {
        using var specs = new TemporaryDirectory("specs");
        File.Copy(RepositoryRoot.Combine("tests", "Hosting.Tests", "Specs", "Seeds", "kserve-sklearn-iris.yaml"), specs.Combine("sklearn-iris.yaml"));
        using var graph = new TestGraph(new Dictionary<string, string?>
        {
            ["Modelplane:StorageMappings:0:from"] = "gs://kfserving-examples/models/sklearn/1.0/model",
            ["Modelplane:StorageMappings:0:to"] = "s3://models/iris",
        });
        graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var services = graph.Builder.AddInferenceServices(specs.FullPath);

        var app = graph.Builder.Build();

        Assert.Empty(app.Problems);
        var predictor = Assert.Single(Assert.Single(services).Resource.Components);
        Assert.Equal("sklearn-iris-predictor-default", predictor.Name);
        Assert.Equal("s3://models/iris", predictor.Annotations.OfType<EnvironmentAnnotation>().Single(e => e.Name == "STORAGE_URI").Value);
    }

    [Fact]
    public void An_unreachable_storage_uri_without_a_mapping_keeps_the_graph_from_running_naming_the_spec_line()
    {
        using var specs = new TemporaryDirectory("specs");
        File.Copy(RepositoryRoot.Combine("tests", "Hosting.Tests", "Specs", "Seeds", "kserve-sklearn-iris.yaml"), specs.Combine("sklearn-iris.yaml"));
        using var graph = new TestGraph();
        graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        graph.Builder.AddInferenceServices(specs.FullPath);

        var app = graph.Builder.Build();

        var problem = Assert.Single(app.Problems);
        Assert.Matches(@"sklearn-iris\.yaml:\d+: spec\.predictor\.model\.storageUri: ", problem);
        Assert.Contains("gs://kfserving-examples/models/sklearn/1.0/model", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Model.Resources, r => r is ComponentResource);
    }

    [Fact]
    public void Replicas_follow_the_specs_scaling()
    {
        using var graph = new TestGraph();
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithScaling(2, 5).WithReference(store);

        graph.Builder.Build();

        Assert.Equal(new ReplicaAnnotation(2, 5), Assert.Single(service.Resource.Components).Annotations.Last<ReplicaAnnotation>());
    }
}
