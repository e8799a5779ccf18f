using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;

namespace Modelplane.Hosting.Tests.Builder;

/// <summary>
/// A graph is checked before anything starts: names Kubernetes would refuse are refused when added, every problem is
/// reported at once naming the resource and what to change, and a graph with problems starts nothing.
/// </summary>
public sealed class GraphTests
{
    [Theory]
    [InlineData("Iris", "'Iris' is not a valid name: use lower case letters, digits and '-', starting with a letter and ending with a letter or digit")]
    [InlineData("iris_model", "'iris_model' is not a valid name: use lower case letters, digits and '-', starting with a letter and ending with a letter or digit")]
    [InlineData("-iris", "'-iris' is not a valid name: use lower case letters, digits and '-', starting with a letter and ending with a letter or digit")]
    [InlineData("", "a resource needs a name")]
    public void A_name_kubernetes_would_refuse_is_refused_when_added(string name, string message)
    {
        using var graph = TestGraph.Model();

        foreach (var add in new Action[] { () => graph.Builder.AddInferenceService(name), () => graph.Builder.AddModelStore(name), () => graph.Builder.AddGateway(name) })
        {
            var failure = Assert.Throws<ArgumentException>(add);
            Assert.StartsWith(message, failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_name_longer_than_63_characters_is_refused()
    {
        using var graph = TestGraph.Model();
        var name = new string('a', 64);

        var failure = Assert.Throws<ArgumentException>(() => graph.Builder.AddInferenceService(name));

        Assert.StartsWith($"'{name}' is 64 characters long; names have at most 63", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_named_as_another_resource_is_a_problem_naming_it()
    {
        using var graph = TestGraph.Model();
        graph.Builder.AddModelStore("models");

        graph.Builder.AddInferenceService("models");

        Assert.Equal(["InferenceService models: the graph already has a resource named 'models'; every resource needs its own name"], graph.Graph.Problems);
    }

    [Fact]
    public async Task Every_problem_of_a_graph_is_reported_at_once_and_nothing_starts()
    {
        using var graph = TestGraph.Run();
        graph.Builder.AddModelStore("models").WithModel("nowhere", "no/such/directory");
        var unreachable = graph.Builder.AddInferenceService("faraway").WithModel("gs://bucket/model");
        graph.Builder.AddExecutable("worker", "true", ".").WithReference(unreachable);
        await using var app = graph.Builder.Build();

        var failure = await Assert.ThrowsAsync<GraphException>(() => app.StartAsync());

        Assert.Equal(
            [
                $"models: the model directory 'no/such/directory' for 'nowhere' does not exist (looked in {Path.Combine(graph.AppHostDirectory, "no", "such", "directory")})",
                "faraway.default.predictor.model.storageUri: gs://bucket/model cannot be reached from here; map it to a local ONNX copy in the AppHost, or push an ONNX copy with 'models push DIR s3://models/NAME' and add the annotation modelplane.io/storage-uri: s3://models/NAME",
                "worker: references InferenceService 'faraway', which is reached through the gateway; add one with builder.AddGateway(\"gateway\")",
            ],
            failure.Problems);
        Assert.Equal(failure.Problems, graph.Graph.Problems);
        Assert.DoesNotContain(graph.Builder.Resources, r => r is ComponentResource or Modelplane.Hosting.Processes.ReplicaResource);
    }
}
