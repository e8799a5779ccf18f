using Modelplane.Hosting.InferenceGraphs;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Specs;
using Modelplane.Serving.Routing;

namespace Modelplane.Hosting.Tests.InferenceGraphs;

/// <summary>
/// <c>AddInferenceGraph</c> builds the graph a spec file describes, checked the same way, each problem naming the graph
/// and the field; graphs of spec files are kept with the AppHost's without disturbing its services.
/// </summary>
public sealed class InferenceGraphBuilderTests
{
    [Fact]
    public void A_graph_added_in_CSharp_is_the_graph_its_spec_file_describes_and_is_kept()
    {
        using var graph = TestGraph.Model();

        var added = graph.Builder.AddInferenceGraph("model-chainer",
        [
            new GraphNodeSpec(GraphRoute.RootNode, GraphRouterType.Sequence,
            [
                new GraphStepSpec { ServiceName = "mymodel-s1" },
                new GraphStepSpec { NodeName = "pick", Data = GraphStepData.Response, Dependency = GraphStepDependency.Hard },
            ]),
            new GraphNodeSpec("pick", GraphRouterType.Switch, [new GraphStepSpec { ServiceName = "mymodel-s2", Condition = "predictions.#(class==\"dog\")" }]),
        ], timeoutSeconds: 30);

        var read = SpecReader.Read("""
            apiVersion: serving.kserve.io/v1alpha1
            kind: InferenceGraph
            metadata: {name: model-chainer}
            spec:
              timeout: 30
              nodes:
                root:
                  routerType: Sequence
                  steps:
                  - serviceName: mymodel-s1
                  - {nodeName: pick, data: $response, dependency: Hard}
                pick:
                  routerType: Switch
                  steps:
                  - {serviceName: mymodel-s2, condition: 'predictions.#(class=="dog")'}
            """, "graph.yaml");
        Assert.False(read.HasErrors);
        Assert.Equal(Assert.Single(read.Graphs), added);
        Assert.Same(added, Assert.Single(graph.Graph.InferenceGraphs));
        Assert.Empty(graph.Graph.Problems);
    }

    public static TheoryData<string, GraphNodeSpec[], string[]> Broken => new()
    {
        {
            "Graph",
            [new GraphNodeSpec("first", GraphRouterType.Sequence, [new GraphStepSpec { ServiceName = "a" }])],
            [
                "InferenceGraph Graph: name: 'Graph' is not a valid name: use lower-case letters, digits and '-', start with a letter and end with a letter or digit, at most 63 characters (e.g. graph)",
                "InferenceGraph Graph: nodes: has no node named 'root'; requests enter a graph at its root node, so name the first node root (it has first)",
            ]
        },
        {
            "split",
            [
                new GraphNodeSpec("root", GraphRouterType.Splitter,
                [
                    new GraphStepSpec { ServiceName = "a", Weight = 50 },
                    new GraphStepSpec { ServiceName = "b", ServiceUrl = "http://b", Weight = 40 },
                    new GraphStepSpec { NodeName = "root", Weight = 5, Condition = "@reverse" },
                ]),
            ],
            [
                "InferenceGraph split: nodes.root.steps[1]: has serviceName and serviceUrl; a step has exactly one target, so keep one of them",
                "InferenceGraph split: nodes.root.steps[2].condition: '@reverse': the modifier @reverse is not supported; conditions may use dotted keys, array indexes, # and #(...) queries",
                "InferenceGraph split: nodes.root.steps: the weights of the Splitter's steps add up to 95; make them add up to 100",
                "InferenceGraph split: nodes.root.steps[2].nodeName: 'root' closes the cycle root -> root; a request would go round it forever, so end the cycle at a service",
            ]
        },
        {
            "twice",
            [
                new GraphNodeSpec("root", GraphRouterType.Ensemble, [new GraphStepSpec { NodeName = "other" }, new GraphStepSpec { ServiceName = "a", Weight = 10 }]),
                new GraphNodeSpec("root", GraphRouterType.Sequence, [new GraphStepSpec()]),
            ],
            [
                "InferenceGraph twice: nodes.root: names 2 nodes; node names are unique in a graph, so rename all but one",
                "InferenceGraph twice: nodes.root.steps[0].nodeName: 'other' is not a node of this graph; name one of root, root",
                "InferenceGraph twice: nodes.root.steps[1].weight: only a Splitter's steps have a weight, and node root is routerType: Ensemble; remove it, or make the node routerType: Splitter",
                "InferenceGraph twice: nodes.root.steps[0]: has no target; give it one of serviceName (an InferenceService), serviceUrl or nodeName (another node)",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_graph_throws_every_problem_naming_its_field(string name, GraphNodeSpec[] nodes, string[] expected)
    {
        using var graph = TestGraph.Model();

        var failure = Assert.Throws<GraphException>(() => graph.Builder.AddInferenceGraph(name, nodes));

        Assert.Equal(expected, failure.Problems);
        Assert.Empty(graph.Graph.InferenceGraphs);
    }

    [Fact]
    public void A_graph_may_not_take_the_name_of_a_service_or_graph_of_its_namespace()
    {
        using var graph = TestGraph.Model();
        graph.Builder.AddInferenceService("iris");
        GraphNodeSpec[] nodes = [new(GraphRoute.RootNode, GraphRouterType.Sequence, [new GraphStepSpec { ServiceName = "iris" }])];
        graph.Builder.AddInferenceGraph("chain", nodes);

        foreach (var name in new[] { "iris", "chain" })
        {
            var failure = Assert.Throws<GraphException>(() => graph.Builder.AddInferenceGraph(name, nodes));
            Assert.Equal([$"InferenceGraph {name}: name: {name} in namespace default is already an InferenceGraph or InferenceService of this AppHost; rename one of them"], failure.Problems);
        }

        Assert.Equal("iris", graph.Builder.AddInferenceGraph("iris", nodes, "team").Name);
        Assert.Equal(["chain", "iris"], graph.Graph.InferenceGraphs.Select(g => g.Name));
    }

    [Fact]
    public void A_spec_directory_with_a_graph_keeps_it_beside_its_services_with_a_note_and_no_problem()
    {
        using var graph = TestGraph.Model();
        var specs = Directory.CreateDirectory(Path.Combine(graph.AppHostDirectory, "specs"));
        File.WriteAllText(Path.Combine(specs.FullName, "iris.yaml"), """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: iris
            spec:
              predictor:
                model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
            ---
            apiVersion: serving.kserve.io/v1alpha1
            kind: InferenceGraph
            metadata:
              name: iris-graph
            spec:
              nodes:
                root: {routerType: Sequence, steps: [{serviceName: iris}]}
            """);

        var services = graph.Builder.AddInferenceServices("specs");

        Assert.Equal("iris", Assert.Single(services).Resource.Spec.Name);
        Assert.Equal("iris-graph", Assert.Single(graph.Graph.InferenceGraphs).Name);
        Assert.Empty(graph.Graph.Problems);
        Assert.Contains(graph.Graph.Warnings, w => w.EndsWith("iris.yaml:10: note: kind: InferenceGraph iris-graph is read and checked; Modelplane does not route graphs yet", StringComparison.Ordinal));
    }
}
