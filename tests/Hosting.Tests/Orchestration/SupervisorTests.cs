using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Orchestration;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Orchestration;

/// <summary>
/// Runs a graph as the AppHost does, from a test (Aspire's testing builder): the model store filled with iris, an
/// InferenceService with a canary, and the gateway; waits until all are healthy, sends predictions through the
/// gateway, then stops and checks that no process is left. A killed replica is restarted and serves again.
/// </summary>
public sealed class SupervisorTests
{
    private const string Instances = """{"instances": [[6.8, 2.8, 4.8, 1.4], [5.1, 3.5, 1.4, 0.2]]}""";

    [Fact]
    public async Task A_graph_starts_serves_through_the_gateway_and_stops_leaving_no_process()
    {
        using var graph = new TestGraph();
        var (app, gateway) = Sample(graph);

        await app.StartAsync(graph);
        try
        {
            Assert.All(app.Supervisor.Replicas, r => Assert.Equal(ReplicaState.Running, r.State));
            Assert.Equal(
                ["models", "gateway", "sklearn-iris-predictor-default", "sklearn-iris-predictor-canary", "sklearn-iris-predictor-canary"],
                app.Supervisor.Replicas.Select(r => r.Resource));
            using var client = new HttpClient { BaseAddress = app.Supervisor.Endpoint(gateway.Name) };
            var revisions = new HashSet<string>();
            for (var i = 0; i < 40; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/sklearn-iris:predict") { Content = new StringContent(Instances) };
                request.Headers.Host = "sklearn-iris.default.example.com";
                using var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("""{"predictions":[1,0]}""", await response.Content.ReadAsStringAsync());
                revisions.Add(response.Headers.GetValues("x-modelplane-revision").Single());
            }

            Assert.Equal(["canary", "default"], revisions.Order(StringComparer.Ordinal));
        }
        finally
        {
            await app.StopAsync();
        }

        Assert.All(app.Supervisor.Replicas, r => Assert.Equal(ReplicaState.Stopped, r.State));
        Assert.Equal(5, graph.ProcessIds.Count);
        await ProcessAssert.AllGoneAsync(graph.ProcessIds);
    }

    [Fact]
    public async Task A_killed_predictor_replica_is_restarted_and_serves_again()
    {
        using var graph = new TestGraph();
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithReference(store);
        await using var app = graph.Builder.Build();
        await app.StartAsync(graph);
        var predictor = ComponentResource.NameOf("iris", ComponentRole.Predictor, "default");
        var first = app.Supervisor.Replicas.Single(r => r.Resource == predictor).ProcessId!.Value;

        app.Supervisor.Kill(predictor, 0);

        await Eventually.WaitAsync("the predictor to be restarted and healthy", () => Task.FromResult(
            app.Supervisor.Replicas.Single(r => r.Resource == predictor) is { State: ReplicaState.Running, Restarts: 1 }));
        var restarted = app.Supervisor.Replicas.Single(r => r.Resource == predictor);
        Assert.NotEqual(first, restarted.ProcessId);
        Assert.False(ProcessAssert.IsRunning(first));
        Assert.Contains(graph.Changes, c => c.Resource == predictor && c.State == ReplicaState.BackingOff && c.Message!.Contains("restarting in 1 s", StringComparison.Ordinal));

        // It comes back on its own address, so everything that knew it still reaches it.
        using var client = new HttpClient { BaseAddress = app.Supervisor.Endpoint(predictor) };
        var answer = await client.PostAsync(new Uri("/v1/models/iris:predict", UriKind.Relative), new StringContent(Instances));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal([1, 0], (await answer.Content.ReadFromJsonAsync<JsonObject>())!["predictions"]!.AsArray().Select(p => p!.GetValue<int>()));
        await app.StopAsync();
        await ProcessAssert.AllGoneAsync(graph.ProcessIds);
    }

    [Fact]
    public async Task A_service_that_only_references_the_store_starts_after_it_and_serves()
    {
        // Its model is a local directory, so nothing adds a WaitFor: the reference to the store's connection string
        // alone must order the start, or the predictor could not be given the string.
        using var graph = new TestGraph();
        var store = graph.Builder.AddModelStore("models");
        graph.Builder.AddInferenceService("iris").WithModel(RepositoryRoot.Combine("models", "iris")).WithReference(store);
        await using var app = graph.Builder.Build();

        await app.StartAsync(graph);

        var predictor = ComponentResource.NameOf("iris", ComponentRole.Predictor, "default");
        var changes = graph.Changes.ToList();
        Assert.True(
            changes.FindIndex(c => c.Resource == "models" && c.State == ReplicaState.Running) < changes.FindIndex(c => c.Resource == predictor && c.State == ReplicaState.Starting),
            "the predictor started before the store was running");
        using var client = new HttpClient { BaseAddress = app.Supervisor.Endpoint(predictor) };
        using var answer = await client.PostAsync(new Uri("/v1/models/iris:predict", UriKind.Relative), new StringContent(Instances));
        Assert.Equal("""{"predictions":[1,0]}""", await answer.Content.ReadAsStringAsync());
        await app.StopAsync();
        await ProcessAssert.AllGoneAsync(graph.ProcessIds);
    }

    [Fact]
    public async Task A_program_that_cannot_start_fails_the_start_with_the_reason()
    {
        using var graph = new TestGraph();
        graph.Builder.AddExecutable("ghost", "/no/such/program", ".");
        await using var app = graph.Builder.Build();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(graph));

        Assert.StartsWith("ghost: could not start `/no/such/program`:", failure.Message, StringComparison.Ordinal);
        Assert.Contains(graph.Changes, c => c.Resource == "ghost" && c.State == ReplicaState.Failed);
    }

    private static (PlatformApplication App, GatewayResource Gateway) Sample(TestGraph graph)
    {
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("sklearn-iris")
            .WithModel("s3://models/iris")
            .WithCanary("s3://models/iris", trafficPercent: 50)
            .WithReference(store);
        service.Resource.Spec = service.Resource.Spec with
        {
            Revisions = EquatableList.From(service.Resource.Spec.Revisions.Select(r => r.Name == "canary"
                ? r with { Predictor = r.Predictor with { Scaling = r.Predictor.Scaling with { MinReplicas = 2, MaxReplicas = 2 } } }
                : r)),
        };
        var gateway = graph.Builder.AddGateway("gateway");
        return (graph.Builder.Build(), (GatewayResource)gateway.Resource);
    }
}
