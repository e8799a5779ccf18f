using System.Text.Json;
using Modelplane.Hosting.Specs;
using Modelplane.Serving.Routing;

namespace Modelplane.Hosting.Tests.Specs.Reading;

/// <summary>
/// KServe's InferenceGraph read from spec files beside InferenceServices: every node and step field, the route a
/// gateway would be given, and each broken graph reported at its line and field with what to change.
/// </summary>
public sealed class InferenceGraphReaderTests
{
    private const string Header = """
        apiVersion: serving.kserve.io/v1alpha1
        kind: InferenceGraph
        metadata:
          name: dog-breed
        spec:
        """;

    [Fact]
    public void Every_field_of_a_graph_is_read_and_carried_into_its_route()
    {
        var result = SpecReader.Read(Header + """

              timeout: 30
              minReplicas: 0
              maxReplicas: 3
              nodes:
                root:
                  routerType: Sequence
                  steps:
                  - name: classify
                    serviceName: cat-dog-classifier
                  - nodeName: breed
                    data: $response
                    condition: predictions.#(class=="dog")
                    dependency: Hard
                breed:
                  routerType: Splitter
                  steps:
                  - serviceName: dog-breed-a
                    weight: 20
                  - serviceUrl: http://127.0.0.1:9000/v1/models/b:predict
                    weight: 80
            """, "graph.yaml");

        Assert.Equal(["graph.yaml:2: note: kind: InferenceGraph dog-breed is read and checked; Modelplane does not route graphs yet"], result.Diagnostics.Select(d => d.ToString()));
        Assert.Empty(result.Specs);
        var graph = Assert.Single(result.Graphs);
        Assert.Equal(("dog-breed", "default", 30, 0, 3), (graph.Name, graph.Namespace, graph.TimeoutSeconds, graph.MinReplicas, graph.MaxReplicas));
        Assert.Equal(("graph.yaml", 1, "serving.kserve.io/v1alpha1", "InferenceGraph"), (graph.Source!.File, graph.Source.Line, graph.Source.ApiVersion, graph.Source.Kind));
        var expected = new InferenceGraphSpec
        {
            Name = "dog-breed",
            TimeoutSeconds = 30,
            MinReplicas = 0,
            MaxReplicas = 3,
            Nodes =
            [
                new GraphNodeSpec("root", GraphRouterType.Sequence,
                [
                    new GraphStepSpec { Name = "classify", ServiceName = "cat-dog-classifier" },
                    new GraphStepSpec { NodeName = "breed", Data = GraphStepData.Response, Condition = "predictions.#(class==\"dog\")", Dependency = GraphStepDependency.Hard },
                ]),
                new GraphNodeSpec("breed", GraphRouterType.Splitter,
                [
                    new GraphStepSpec { ServiceName = "dog-breed-a", Weight = 20 },
                    new GraphStepSpec { ServiceUrl = "http://127.0.0.1:9000/v1/models/b:predict", Weight = 80 },
                ]),
            ],
        };
        Assert.Equal(expected, graph);

        // The route a gateway would be given reads back through the route table's own JSON context, as written.
        var table = new RouteTable { Graphs = [graph.ToRoute()] };
        var json = JsonSerializer.Serialize(table, RouteTableJsonContext.Default.RouteTable);
        Assert.Contains("\"data\": \"$response\"", json, StringComparison.Ordinal);
        Assert.Contains("\"routerType\": \"Splitter\"", json, StringComparison.Ordinal);
        var route = Assert.Single(JsonSerializer.Deserialize(json, RouteTableJsonContext.Default.RouteTable)!.Graphs!);
        Assert.Equal(("dog-breed", "default", 30.0), (route.Name, route.Namespace, route.TimeoutSeconds));
        Assert.Equal(["root", "breed"], route.Nodes.Keys);
        var next = route.Nodes["root"].Steps[1];
        Assert.Equal(("breed", GraphStepData.Response, "predictions.#(class==\"dog\")", GraphStepDependency.Hard), (next.NodeName, next.Data, next.Condition, next.Dependency));
        Assert.Equal([20, 80], route.Nodes["breed"].Steps.Select(s => s.Weight));
        Assert.Equal(GraphStepData.Request, route.Nodes["root"].Steps[0].Data);
    }

    [Fact]
    public void A_table_without_graphs_is_written_as_before()
    {
        var json = JsonSerializer.Serialize(new RouteTable(), RouteTableJsonContext.Default.RouteTable);

        Assert.DoesNotContain("graphs", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_holds_graphs_beside_services_and_a_graph_may_not_take_a_service_name()
    {
        var directory = Directory.CreateTempSubdirectory("modelplane-graphs-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "a-service.yaml"), """
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                metadata:
                  name: classifier
                spec:
                  predictor:
                    model: {modelFormat: {name: onnx}, storageUri: s3://models/iris}
                """);
            File.WriteAllText(Path.Combine(directory.FullName, "b-graph.yaml"), """
                apiVersion: serving.kserve.io/v1alpha1
                kind: InferenceGraph
                metadata:
                  name: chain
                spec:
                  nodes:
                    root: {routerType: Sequence, steps: [{serviceName: classifier}]}
                ---
                apiVersion: serving.kserve.io/v1alpha1
                kind: InferenceGraph
                metadata:
                  name: classifier
                spec:
                  nodes:
                    root: {routerType: Sequence, steps: [{serviceName: chain}]}
                """);

            var result = SpecReader.ReadDirectory(directory.FullName);

            Assert.Equal("classifier", Assert.Single(result.Specs).Name);
            Assert.Equal("chain", Assert.Single(result.Graphs).Name);
            var error = Assert.Single(result.Errors);
            Assert.Equal(
                $"{Path.Combine(directory.FullName, "b-graph.yaml")}:9: metadata.name: classifier in namespace default is already defined at {Path.Combine(directory.FullName, "a-service.yaml")}:1; rename one of them",
                error.ToString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public static TheoryData<string, string, string[]> Broken => new()
    {
        {
            "no root node",
            """

              nodes:
                first:
                  routerType: Sequence
                  steps: [{serviceName: a}]
            """,
            ["bad.yaml:6: spec.nodes: has no node named 'root'; requests enter a graph at its root node, so name the first node root (it has first)"]
        },
        {
            "no nodes",
            """

              timeout: 10
            """,
            ["bad.yaml:5: spec.nodes: missing; add nodes: {root: {routerType: Sequence, steps: [{serviceName: NAME}]}}"]
        },
        {
            "a step without a target",
            """

              nodes:
                root:
                  routerType: Sequence
                  steps:
                  - name: nothing
            """,
            ["bad.yaml:10: spec.nodes.root.steps[0]: has no target; give it one of serviceName (an InferenceService), serviceUrl or nodeName (another node)"]
        },
        {
            "a step with two targets",
            """

              nodes:
                root:
                  routerType: Ensemble
                  steps:
                  - serviceName: a
                  - serviceName: b
                    serviceUrl: http://b
            """,
            ["bad.yaml:11: spec.nodes.root.steps[1]: has serviceName and serviceUrl; a step has exactly one target, so keep one of them"]
        },
        {
            "a step naming a node that does not exist",
            """

              nodes:
                root:
                  routerType: Sequence
                  steps:
                  - serviceName: a
                  - nodeName: ensemble
            """,
            ["bad.yaml:11: spec.nodes.root.steps[1].nodeName: 'ensemble' is not a node of this graph; name one of root"]
        },
        {
            "a cycle through nodeName steps",
            """

              nodes:
                root:
                  routerType: Sequence
                  steps:
                  - nodeName: a
                a:
                  routerType: Switch
                  steps:
                  - serviceName: x
                    condition: instances.0.x
                  - nodeName: b
                b:
                  routerType: Ensemble
                  steps:
                  - nodeName: a
            """,
            ["bad.yaml:20: spec.nodes.b.steps[0].nodeName: 'a' closes the cycle a -> b -> a; a request would go round it forever, so end the cycle at a service"]
        },
        {
            "a node routing to itself",
            """

              nodes:
                root:
                  routerType: Sequence
                  steps:
                  - nodeName: root
            """,
            ["bad.yaml:10: spec.nodes.root.steps[0].nodeName: 'root' closes the cycle root -> root; a request would go round it forever, so end the cycle at a service"]
        },
        {
            "splitter weights that do not add up to 100",
            """

              nodes:
                root:
                  routerType: Splitter
                  steps:
                  - {serviceName: a, weight: 30}
                  - {serviceName: b, weight: 60}
            """,
            ["bad.yaml:9: spec.nodes.root.steps: the weights of the Splitter's steps add up to 90; make them add up to 100"]
        },
        {
            "a splitter step without a weight",
            """

              nodes:
                root:
                  routerType: Splitter
                  steps:
                  - {serviceName: a, weight: 100}
                  - serviceName: b
            """,
            ["bad.yaml:11: spec.nodes.root.steps[1]: has no weight; each step of a Splitter needs its share of the traffic, e.g. weight: 50"]
        },
        {
            "a weight outside a splitter",
            """

              nodes:
                root:
                  routerType: Sequence
                  steps:
                  - serviceName: a
                    weight: 100
            """,
            ["bad.yaml:11: spec.nodes.root.steps[0].weight: only a Splitter's steps have a weight, and node root is routerType: Sequence; remove it, or make the node routerType: Splitter"]
        },
        {
            "a weight above 100",
            """

              nodes:
                root:
                  routerType: Splitter
                  steps:
                  - {serviceName: a, weight: 120}
            """,
            ["bad.yaml:10: spec.nodes.root.steps[0].weight: must be between 0 and 100, got 120"]
        },
        {
            "an unknown router type",
            """

              nodes:
                root:
                  routerType: RoundRobin
                  steps: [{serviceName: a}]
            """,
            ["bad.yaml:8: spec.nodes.root.routerType: 'RoundRobin' is not one of Sequence, Switch, Ensemble, Splitter; write one of those"]
        },
        {
            "no router type",
            """

              nodes:
                root:
                  steps: [{serviceName: a}]
            """,
            ["bad.yaml:7: spec.nodes.root.routerType: missing; write one of Sequence, Switch, Ensemble, Splitter"]
        },
        {
            "unknown data and dependency values",
            """

              nodes:
                root:
                  routerType: Sequence
                  steps:
                  - serviceName: a
                    data: $response.predictions
                    dependency: hard
            """,
            [
                "bad.yaml:11: spec.nodes.root.steps[0].data: '$response.predictions' is not one of $request, $response; write one of those",
                "bad.yaml:12: spec.nodes.root.steps[0].dependency: 'hard' is not one of Soft, Hard; write one of those",
            ]
        },
        {
            "a condition with a modifier",
            """

              nodes:
                root:
                  routerType: Switch
                  steps:
                  - serviceName: a
                    condition: instances|@reverse
            """,
            ["bad.yaml:11: spec.nodes.root.steps[0].condition: 'instances|@reverse': the pipe | is not supported; conditions may use dotted keys, array indexes, # and #(...) queries"]
        },
        {
            "a condition that does not parse",
            """

              nodes:
                root:
                  routerType: Switch
                  steps:
                  - serviceName: a
                    condition: 'instances.#(x>1'
            """,
            ["bad.yaml:11: spec.nodes.root.steps[0].condition: 'instances.#(x>1': the query at position 11 has no closing ')'"]
        },
        {
            "two steps of one name",
            """

              nodes:
                root:
                  routerType: Ensemble
                  steps:
                  - {name: m, serviceName: a}
                  - {name: m, serviceName: b}
            """,
            ["bad.yaml:11: spec.nodes.root.steps[1].name: 'm' names another step of node root too; step names are unique in their node"]
        },
        {
            "a misspelt step field and a router pod field",
            """

              nodes:
                root:
                  routerType: Sequence
                  steps:
                  - serviceName: a
                    dependancy: Hard
              affinity: {}
            """,
            [
                "bad.yaml:11: warning: spec.nodes.root.steps[0].dependancy: unknown field of an InferenceGraph step (name, serviceName, serviceUrl, nodeName, data, condition, weight, dependency), ignored; did you mean dependency?",
            ]
        },
        {
            "an InferenceGraph of another version",
            null!,
            ["bad.yaml:1: apiVersion: serving.kserve.io/v1beta1 InferenceGraph is not a dialect Modelplane reads; write apiVersion: serving.kserve.io/v1alpha1"]
        },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_graph_is_reported_at_its_line_and_field(string why, string? spec, string[] expected)
    {
        var yaml = spec is null ? Header.Replace("v1alpha1", "v1beta1", StringComparison.Ordinal) : Header + spec;

        var result = SpecReader.Read(yaml, "bad.yaml");

        Assert.True(expected.Length > 0, why);
        Assert.Equal(expected, result.Diagnostics.Where(d => d.Severity != SpecSeverity.Note).Select(d => d.ToString()));
        Assert.Equal(expected.Any(e => !e.Contains(": warning: ", StringComparison.Ordinal)), result.HasErrors);
        Assert.Equal(result.HasErrors ? 0 : 1, result.Graphs.Count);
    }
}
