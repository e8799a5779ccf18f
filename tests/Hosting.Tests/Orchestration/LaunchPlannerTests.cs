using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.Orchestration;

namespace Modelplane.Hosting.Tests.Orchestration;

/// <summary>
/// Each replica gets the environment Aspire gives a service: its own URLs, the endpoints of every replica it
/// references as <c>services__{name}__{endpoint}__{i}</c>, connection strings, OpenTelemetry names, and the graph's
/// own variables, which win.
/// </summary>
public sealed class LaunchPlannerTests
{
    [Fact]
    public void A_project_replica_gets_its_urls_references_and_telemetry_names()
    {
        using var graph = new TestGraph();
        var predictor = graph.Builder.AddProject("predictor", ServiceProject.Predictor).WithEndpoint(EndpointAnnotation.Grpc).WithReplicas(2);
        var transformer = graph.Builder.AddProject("transformer", ServiceProject.Transformer)
            .WithReference(predictor)
            .WithEnvironment("Serving__ModelName", "iris")
            .WithEnvironment("OTEL_SERVICE_NAME", "custom-name")
            .WithArgs("--protocol", "v2");
        var model = graph.Builder.Build().Model;
        var endpoints = new EndpointTable(model, new PortAllocator());
        var planner = new LaunchPlanner(endpoints, new Dictionary<string, string>(), new LaunchSettings("Development", "http://127.0.0.1:4317", graph.DataDirectory));

        var launch = planner.Plan(transformer.Resource, 0);

        var own = endpoints.Of("transformer", 0);
        var predictors = endpoints.All("predictor", EndpointAnnotation.Http);
        var predictorGrpc = endpoints.All("predictor", EndpointAnnotation.Grpc);
        Assert.Equal("dotnet", launch.FileName);
        Assert.Equal([ServiceProject.Transformer.AssemblyPath, "--protocol", "v2"], launch.Args);
        Assert.Equal(Path.GetDirectoryName(ServiceProject.Transformer.ProjectPath), launch.WorkingDirectory);
        Assert.Equal(own[EndpointAnnotation.Http].ToString().TrimEnd('/'), launch.Environment["ASPNETCORE_URLS"]);
        Assert.Equal("-1", launch.Environment["Serving__GrpcPort"]);
        Assert.Equal(2, predictors.Count);
        Assert.Equal(predictors[0].ToString().TrimEnd('/'), launch.Environment["services__predictor__http__0"]);
        Assert.Equal(predictors[1].ToString().TrimEnd('/'), launch.Environment["services__predictor__http__1"]);
        Assert.Equal(predictorGrpc[1].ToString().TrimEnd('/'), launch.Environment["services__predictor__grpc__1"]);
        Assert.Equal("custom-name", launch.Environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=transformer-0", launch.Environment["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("http://127.0.0.1:4317", launch.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("Development", launch.Environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("iris", launch.Environment["Serving__ModelName"]);
    }

    [Fact]
    public void A_model_server_with_a_grpc_endpoint_listens_for_grpc_there_and_every_port_differs()
    {
        using var graph = new TestGraph();
        var predictor = graph.Builder.AddProject("predictor", ServiceProject.Predictor).WithEndpoint(EndpointAnnotation.Grpc).WithReplicas(3);
        var model = graph.Builder.Build().Model;
        var endpoints = new EndpointTable(model, new PortAllocator());
        var planner = new LaunchPlanner(endpoints, new Dictionary<string, string>(), new LaunchSettings("Production", null, graph.DataDirectory));

        var launches = Enumerable.Range(0, 3).Select(i => planner.Plan(predictor.Resource, i)).ToList();

        Assert.All(launches.Select((l, i) => (l, i)), x => Assert.Equal(
            endpoints.Of("predictor", x.i)[EndpointAnnotation.Grpc].Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            x.l.Environment["Serving__GrpcPort"]));
        var ports = Enumerable.Range(0, 3).SelectMany(i => endpoints.Of("predictor", i).Values.Select(u => u.Port)).ToList();
        Assert.Equal(6, ports.Distinct().Count());
        Assert.All(launches, l => Assert.False(l.Environment.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT")));
    }

    [Fact]
    public void A_fixed_port_cannot_be_shared_by_several_replicas()
    {
        using var graph = new TestGraph();
        graph.Builder.AddResource(new ProjectResource("gateway", ServiceProject.Gateway)).WithHttpEndpoint(8080).WithReplicas(2);
        var model = graph.Builder.Build().Model;

        var failure = Assert.Throws<GraphException>(() => new EndpointTable(model, new PortAllocator()));

        Assert.Equal("gateway: endpoint 'http' has the fixed port 8080, which 2 replicas cannot share; leave the port out", failure.Message);
    }
}
