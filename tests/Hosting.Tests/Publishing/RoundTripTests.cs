using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Publishing.KServe;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Publishing;

/// <summary>
/// A published KServe InferenceService, read back with the spec reader, is the service the graph runs: every field of
/// the normalized model comes back, except those the README lists as not round-tripped (the predictor is published as
/// Modelplane's ONNX predictor of the model the local run serves, so its format, runtime, storage URI and container are
/// those; KubeDL's model name, the app.kubernetes.io labels publishing adds).
/// </summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly PublishGraphs _graphs = new();

    public void Dispose() => _graphs.Dispose();

    [Theory]
    [MemberData(nameof(PublishGraphs.Dialects), MemberType = typeof(PublishGraphs))]
    public async Task Each_seed_spec_read_back_from_its_published_inference_service_is_the_same_normalized_model(string dialect)
    {
        var application = _graphs.Dialect(dialect);
        var service = Assert.Single(application.Resources<InferenceServiceResource>());
        var original = service.Spec;
        var files = await PublishGraphs.PublishAsync(application, "kserve");

        for (var i = 0; i < original.Revisions.Count; i++)
        {
            var file = i == 0 ? $"{original.Name}.yaml" : $"{KServePublisher.CanaryFolder}/{original.Name}.yaml";
            var read = SpecReader.Read(files.Files[file], file);
            Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
            Assert.All(read.Diagnostics.Where(d => d.Severity == SpecSeverity.Warning), d => Assert.Contains("takes all the traffic", d.Message, StringComparison.Ordinal));
            var back = Assert.Single(read.Specs);

            Assert.Equal(original.Name, back.Name);
            Assert.Equal(original.Namespace, back.Namespace);
            Assert.Equal(original.Annotations, back.Annotations);
            Assert.Equal(original.Logger, back.Logger);
            Assert.Equal(original.Labels, EquatableDictionary.From(back.Labels.Where(l => !l.Key.StartsWith("app.kubernetes.io/", StringComparison.Ordinal))));
            var revision = Assert.Single(back.Revisions);
            var placed = service.Component(original.Revisions[i].Name, ComponentRole.Predictor)!.StorageUri!;
            Assert.Equal(Published(original.Revisions[i].Predictor, placed), revision.Predictor);
            Assert.Equal(original.Revisions[i].Transformer, revision.Transformer);
            Assert.Equal(original.Revisions[i].Explainer, revision.Explainer);
            Assert.Equal(i == 0 && original.Revisions.Count == 1 ? original.CanaryTrafficPercent : i == 0 ? null : original.Revisions[i].TrafficPercent, back.CanaryTrafficPercent);
        }
    }

    [Fact]
    public async Task A_kserve_spec_that_is_already_onnx_in_the_store_comes_back_unchanged_but_for_the_runtime()
    {
        using var graph = TestGraph.Model(PublishGraphs.Parameters());
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithScaling(2, 6).WithReference(store);
        var read = SpecReader.Read((await PublishGraphs.PublishAsync(graph.Graph, "kserve")).Files["iris.yaml"], "iris.yaml");

        var back = Assert.Single(read.Specs);
        var predictor = service.Resource.Spec.Revisions[0].Predictor;
        Assert.Equal(predictor with { Model = predictor.Model! with { Runtime = KServePublisher.Runtime } }, back.Revisions[0].Predictor);
    }

    // What the published predictor is: Modelplane's ONNX predictor of the model the local run loads.
    private static ComponentSpec Published(ComponentSpec original, string placedStorageUri) => original with
    {
        Model = new ModelSpec
        {
            Format = ModelFormat.Onnx,
            StorageUri = placedStorageUri,
            Runtime = KServePublisher.Runtime,
            RuntimeVersion = original.Model?.RuntimeVersion,
            Protocol = original.Model?.Protocol,
        },
        Container = null,
        Settings = EquatableDictionary.Empty,
    };
}
