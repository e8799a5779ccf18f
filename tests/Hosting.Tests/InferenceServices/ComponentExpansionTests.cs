using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Publishing.Kubernetes;
using Modelplane.Hosting.Specs;
using Modelplane.Hosting.Variables;

namespace Modelplane.Hosting.Tests.InferenceServices;

/// <summary>
/// An InferenceService becomes one component per revision and role, named as KServe names a revision's deployment,
/// with the settings KServe gives a model server, and in a local run one replica process per replica under it; a spec
/// written for a cluster runs when its model can be located here, and otherwise keeps the graph from running with the
/// spec's own file, line and field.
/// </summary>
public sealed class ComponentExpansionTests
{
    [Fact]
    public void A_service_with_a_canary_becomes_a_predictor_per_revision_with_storage_and_model_settings()
    {
        using var graph = TestGraph.Model();
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("sklearn-iris").WithModel("s3://models/iris").WithCanary("s3://models/iris", 10).WithReference(store);

        graph.Graph.Complete();

        Assert.Empty(graph.Graph.Problems);
        Assert.Equal(["sklearn-iris-predictor-default", "sklearn-iris-predictor-canary"], service.Resource.Components.Select(c => c.Name));
        Assert.Equal([90, 10], service.Resource.Spec.Revisions.Select(r => r.TrafficPercent));
        foreach (var predictor in service.Resource.Components)
        {
            var environment = ServiceEnvironment.Of(predictor, ClusterPlacement.Instance);
            Assert.Equal("s3://models/iris", environment["STORAGE_URI"].Text);
            Assert.Equal("sklearn-iris", environment["Serving__ModelName"].Text);
            Assert.Equal("models", environment["Serving__StorageConnection"].Text);
            Assert.Same(store.Resource, predictor.Store);
            Assert.Equal(ServiceProject.Predictor.AssemblyPath, predictor.Project.AssemblyPath);
            Assert.Same(service.Resource, predictor.Annotations.OfType<ResourceRelationshipAnnotation>().Single(r => r.Type == "Parent").Resource);
        }
    }

    [Fact]
    public void In_a_local_run_each_component_gets_a_pool_of_replicas_on_ports_of_their_own_under_it()
    {
        using var graph = TestGraph.Model(new Dictionary<string, string?> { ["Modelplane:MaxReplicas"] = "3" });
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithScaling(2, 5).WithExplainer().WithReference(store);

        graph.Graph.Complete();
        graph.Graph.PrepareLocalRun();

        var predictor = service.Resource.Component("default", ComponentRole.Predictor)!;
        var explainer = service.Resource.Component("default", ComponentRole.Explainer)!;
        Assert.Equal(new ReplicaCount(2, 5, 2), predictor.Replicas);

        // The predictor may run its spec's five; the explainer, with no maximum, Modelplane:MaxReplicas. Two and one run at first.
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"iris-predictor-default-{i}"), predictor.ReplicaResources.Select(r => r.Name));
        Assert.Equal(["iris-explainer-default-0", "iris-explainer-default-1", "iris-explainer-default-2"], explainer.ReplicaResources.Select(r => r.Name));
        Assert.Equal((2, 1), (predictor.ActiveCount, explainer.ActiveCount));
        Assert.Equal(["iris-predictor-default-0", "iris-predictor-default-1"], predictor.ActiveReplicas.Select(r => r.Name));
        Assert.Equal(
            [false, false, true, true, true, false, true, true],
            predictor.ReplicaResources.Concat(explainer.ReplicaResources).Select(r => r.TryGetLastAnnotation<ExplicitStartupAnnotation>(out _)));
        var ports = graph.Builder.Resources.OfType<IServiceProcess>().SelectMany(p => (int?[])[p.Endpoints!.Http, p.Endpoints.Grpc]).OfType<int>().ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        foreach (var replica in predictor.ReplicaResources.Concat(explainer.ReplicaResources))
        {
            Assert.Same(replica.Component, replica.Annotations.OfType<ResourceRelationshipAnnotation>().Single(r => r.Type == "Parent").Resource);
            Assert.Equal(["http", "grpc"], replica.Annotations.OfType<EndpointAnnotation>().Select(e => e.Name));
            Assert.All(replica.Annotations.OfType<EndpointAnnotation>(), e => Assert.False(e.IsProxied));
            Assert.Contains(replica.Annotations.OfType<WaitAnnotation>(), w => w.Resource == store.Resource);
        }

        // Explainer replica i starts once predictor replica i, which it calls, is ready.
        for (var i = 0; i < explainer.ReplicaResources.Count; i++)
        {
            Assert.Equal(
                [predictor.ReplicaResources[i].Name, store.Resource.Name],
                explainer.ReplicaResources[i].Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void A_bad_replica_ceiling_is_a_problem_naming_the_setting()
    {
        using var graph = TestGraph.Model(new Dictionary<string, string?> { ["Modelplane:MaxReplicas"] = "0", ["Modelplane:Autoscaling:ScaleToZeroGracePeriodSeconds"] = "soon", ["Modelplane:Autoscaling:Window"] = "6" });
        graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris");

        graph.Graph.Complete();
        graph.Graph.PrepareLocalRun();

        Assert.Contains("Modelplane:MaxReplicas is '0', not a whole number of replicas of at least 1", graph.Graph.Problems);
        Assert.Contains("Modelplane:Autoscaling:ScaleToZeroGracePeriodSeconds is 'soon', not a number of seconds from 0 to 86400", graph.Graph.Problems);
        Assert.Contains("Modelplane:Autoscaling:Window is not a setting of the autoscaler; it has ScaleToZeroGracePeriodSeconds and ScaleDownDelaySeconds", graph.Graph.Problems);
    }

    [Fact]
    public void KServes_first_inference_service_runs_unchanged_when_its_storage_uri_is_mapped_to_the_local_store()
    {
        using var specs = new TemporaryDirectory("specs");
        File.Copy(RepositoryRoot.Combine("tests", "Hosting.Tests", "Specs", "Seeds", "kserve-sklearn-iris.yaml"), specs.Combine("sklearn-iris.yaml"));
        using var graph = TestGraph.Model(new Dictionary<string, string?>
        {
            ["Modelplane:StorageMappings:0:from"] = "gs://kfserving-examples/models/sklearn/1.0/model",
            ["Modelplane:StorageMappings:0:to"] = "s3://models/iris",
        });
        graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var services = graph.Builder.AddInferenceServices(specs.FullPath);

        graph.Graph.Complete();

        Assert.Empty(graph.Graph.Problems);
        var predictor = Assert.Single(Assert.Single(services).Resource.Components);
        Assert.Equal("sklearn-iris-predictor-default", predictor.Name);
        Assert.Equal("s3://models/iris", predictor.StorageUri);
    }

    [Fact]
    public void An_unreachable_storage_uri_without_a_mapping_keeps_the_graph_from_running_naming_the_spec_line()
    {
        using var specs = new TemporaryDirectory("specs");
        File.Copy(RepositoryRoot.Combine("tests", "Hosting.Tests", "Specs", "Seeds", "kserve-sklearn-iris.yaml"), specs.Combine("sklearn-iris.yaml"));
        using var graph = TestGraph.Model();
        graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        graph.Builder.AddInferenceServices(specs.FullPath);

        graph.Graph.Complete();

        var problem = Assert.Single(graph.Graph.Problems);
        Assert.Matches(@"sklearn-iris\.yaml:\d+: spec\.predictor\.model\.storageUri: ", problem);
        Assert.Contains("gs://kfserving-examples/models/sklearn/1.0/model", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(graph.Builder.Resources, r => r is ComponentResource);
    }

    [Fact]
    public void Replicas_follow_the_specs_scaling()
    {
        using var graph = TestGraph.Model();
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithScaling(2, 5).WithReference(store);

        graph.Graph.Complete();

        Assert.Equal(new ReplicaCount(2, 5, 2), Assert.Single(service.Resource.Components).Replicas);
    }
}
