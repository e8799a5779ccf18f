using System.Text.Json;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Specs;
using Modelplane.Serving.Routing;

namespace Modelplane.Hosting.Tests.Gateway;

/// <summary>
/// The route table a local run writes for the gateway is the gateway's own contract: it reads back with the gateway's
/// JSON context, passes the gateway's validation, and routes each revision's components to their replicas' ports.
/// </summary>
public sealed class RouteTableFileTests
{
    [Fact]
    public async Task The_local_route_table_reads_back_as_the_gateway_reads_it_and_routes_to_every_running_replica()
    {
        using var graph = TestGraph.Model();
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris", "team")
            .WithModel("s3://models/iris").WithCanary("s3://models/iris", trafficPercent: 20).WithScaling(2).WithExplainer().WithReference(store);
        var gateway = graph.Builder.AddGateway("gateway");
        graph.Graph.Complete();
        graph.Graph.PrepareLocalRun();

        await RouteTables.WriteAsync(graph.Graph, gateway.Resource, CancellationToken.None);

        await using var file = File.OpenRead(gateway.Resource.RouteTablePath);
        var table = await JsonSerializer.DeserializeAsync(file, RouteTableJsonContext.Default.RouteTable);
        Assert.NotNull(table);
        Assert.Empty(RouteTableValidator.Check(table));
        Assert.Equal(graph.Graph.Domain, table.Domain);
        var route = Assert.Single(table.Services);
        Assert.Equal(("iris", "team"), (route.Name, route.Namespace));
        Assert.Equal([("default", 80), ("canary", 20)], route.Revisions.Select(r => (r.Name, r.Percent)));
        foreach (var revision in route.Revisions)
        {
            Assert.Equal(Http(service.Resource, revision.Name, ComponentRole.Predictor), revision.Predictor!.Http);
            Assert.Equal(Grpc(service.Resource, revision.Name, ComponentRole.Predictor), revision.Predictor.Grpc);
            Assert.Equal(Http(service.Resource, revision.Name, ComponentRole.Explainer), revision.Explainer!.Http);
            Assert.Null(revision.Transformer);
            Assert.Equal(2, revision.Predictor.Http.Count);
            Assert.Single(revision.Explainer.Http);
            Assert.False(revision.Predictor.ScaledToZero);
        }

        Assert.False(File.Exists(gateway.Resource.RouteTablePath + ".new"));

        // A component the autoscaler has stopped every replica of lists none, and says so.
        service.Resource.Component("canary", ComponentRole.Explainer)!.ActiveCount = 0;
        await RouteTables.WriteAsync(graph.Graph, gateway.Resource, CancellationToken.None);
        var scaled = JsonSerializer.Deserialize(await File.ReadAllTextAsync(gateway.Resource.RouteTablePath), RouteTableJsonContext.Default.RouteTable)!;
        Assert.Empty(RouteTableValidator.Check(scaled));
        var idle = scaled.Services.Single().Revisions.Single(r => r.Name == "canary").Explainer!;
        Assert.True(idle.ScaledToZero);
        Assert.Empty(idle.Http);
        Assert.Empty(idle.Grpc);
    }

    private static string[] Http(InferenceServiceResource service, string revision, ComponentRole role) =>
        [.. service.Component(revision, role)!.ActiveReplicas.Select(r => $"http://127.0.0.1:{r.Endpoints.Http}")];

    private static string[] Grpc(InferenceServiceResource service, string revision, ComponentRole role) =>
        [.. service.Component(revision, role)!.ActiveReplicas.Select(r => $"http://127.0.0.1:{r.Endpoints.Grpc}")];
}
