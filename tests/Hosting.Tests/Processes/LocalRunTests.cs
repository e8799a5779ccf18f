using System.Globalization;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Processes;

/// <summary>
/// Graphs run under Aspire in this process (its testing builder, DCP without the dashboard): the model store filled
/// with iris, an InferenceService with a canary, and the gateway become ready, serve through the gateway, and stop
/// leaving no process; a killed replica is started again on its own port and serves; a replica whose model the store
/// does not hold fails to start with the store's reason.
/// </summary>
[Collection("AppHost processes")]
public sealed class LocalRunTests
{
    private const string Instances = """{"instances": [[6.8, 2.8, 4.8, 1.4], [5.1, 3.5, 1.4, 0.2]]}""";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_graph_starts_serves_through_the_gateway_and_stops_leaving_no_process()
    {
        using var graph = TestGraph.Run();
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        graph.Builder.AddInferenceService("sklearn-iris").WithModel("s3://models/iris").WithCanary("s3://models/iris", trafficPercent: 50).WithReference(store);
        var gateway = graph.Builder.AddGateway("gateway");
        await using var app = graph.Builder.Build();

        await app.StartAsync();
        var processes = await ReadyAsync(app, "models", "gateway", "sklearn-iris-predictor-default-0", "sklearn-iris-predictor-canary-0");
        await app.ResourceNotifications.WaitForResourceAsync("sklearn-iris", e => e.Snapshot.State?.Text == KnownResourceStates.Running).WaitAsync(Patience);
        try
        {
            // The predictors started once the store was ready and held their model.
            var storeReady = app.ResourceNotifications.TryGetCurrentState("models", out var storeState) ? storeState.Snapshot.StartTimeStamp : null;
            Assert.All(processes.Skip(2), p => Assert.True(StartOf(app, p) >= storeReady, $"{p} started before the store"));

            using var client = new HttpClient { BaseAddress = gateway.Resource.Endpoints!.HttpUrl };
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

        await ProcessAssert.AllGoneAsync(processes.Select(p => ProcessId(app, p)!.Value));
    }

    [Fact]
    public async Task A_killed_predictor_replica_is_started_again_on_its_port_and_serves()
    {
        using var graph = TestGraph.Run();
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithReference(store);
        await using var app = graph.Builder.Build();
        await app.StartAsync();
        var replica = "iris-predictor-default-0";
        await ReadyAsync(app, replica);
        var first = ProcessId(app, replica)!.Value;
        var supervisor = app.Services.GetRequiredService<ProcessSupervisor>();
        var exits = new List<(string Reason, TimeSpan Wait)>();
        supervisor.Exited += (process, reason, wait) => { lock (exits) { exits.Add((reason, wait)); } };

        System.Diagnostics.Process.GetProcessById(first).Kill();

        var restarted = await app.ResourceNotifications.WaitForResourceAsync(replica, e =>
            e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
            && Pid(e.Snapshot) is { } pid && pid != first).WaitAsync(Patience);
        Assert.False(ProcessAssert.IsRunning(first));
        Assert.Equal(1, supervisor.RestartsOf(replica));
        var (reason, wait) = Assert.Single(exits);
        Assert.StartsWith("exited with code ", reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, wait);

        // It comes back on its own address, so everything that knew it still reaches it.
        using var client = new HttpClient { BaseAddress = service.Resource.Components.Single().ActiveReplicas.Single().Endpoints.HttpUrl };
        using var answer = await client.PostAsync(new Uri("/v1/models/iris:predict", UriKind.Relative), new StringContent(Instances));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("""{"predictions":[1,0]}""", await answer.Content.ReadAsStringAsync());
        await app.StopAsync();
        await ProcessAssert.AllGoneAsync([Pid(restarted.Snapshot)!.Value]);
    }

    [Fact]
    public async Task A_replica_whose_model_the_store_does_not_hold_fails_to_start_with_the_stores_reason()
    {
        // The store is filled from an empty directory: it holds nothing under s3://models/absent.
        using var graph = TestGraph.Run();
        using var empty = new TemporaryDirectory("empty-model");
        var store = graph.Builder.AddModelStore("models").WithModel("absent", empty.FullPath);
        graph.Builder.AddInferenceService("absent").WithModel("s3://models/absent").WithReference(store);
        await using var app = graph.Builder.Build();
        await app.StartAsync();

        var failed = await app.ResourceNotifications.WaitForResourceAsync("absent-predictor-default-0", e => e.Snapshot.State?.Text == KnownResourceStates.FailedToStart).WaitAsync(Patience);

        Assert.Null(Pid(failed.Snapshot));
        var reason = graph.Graph.StartFailures["absent-predictor-default-0"];
        Assert.StartsWith("the storage initializer could not fetch s3://models/absent from 'models': s3://models/absent: nothing is stored there", reason, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task The_dashboards_commands_unload_and_load_a_replicas_model_and_send_a_services_sample_request()
    {
        using var graph = TestGraph.Run();
        var store = graph.Builder.AddModelStore("models").WithModel("iris", RepositoryRoot.Combine("models", "iris"));
        var service = graph.Builder.AddInferenceService("iris").WithModel("s3://models/iris").WithReference(store);
        graph.Builder.AddGateway("gateway");
        await using var app = graph.Builder.Build();
        await app.StartAsync();
        const string replica = "iris-predictor-default-0";
        await ReadyAsync(app, "gateway", replica);
        await app.ResourceNotifications.WaitForResourceAsync("iris", KnownResourceStates.Running).WaitAsync(Patience);
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        using var client = new HttpClient { BaseAddress = service.Resource.Components.Single().ActiveReplicas.Single().Endpoints.HttpUrl };

        // The sample request, built from the model's metadata, goes through the gateway and its answer is shown.
        var sample = await commands.ExecuteCommandAsync("iris", "send-sample-request");
        Assert.True(sample.Success, sample.Message);
        Assert.StartsWith("POST /v2/models/iris/infer with ", sample.Message, StringComparison.Ordinal);
        Assert.Contains("\"outputs\"", sample.Data?.Value, StringComparison.Ordinal);

        var unloaded = await commands.ExecuteCommandAsync(replica, "unload-model");
        Assert.True(unloaded.Success, unloaded.Message);
        Assert.Equal("unloaded model 'iris'", unloaded.Message);
        using (var notReady = await client.GetAsync(new Uri("/v2/models/iris/ready", UriKind.Relative)))
        {
            Assert.NotEqual(HttpStatusCode.OK, notReady.StatusCode);
        }

        // Unloaded twice: the predictor's own answer says why.
        var again = await commands.ExecuteCommandAsync(replica, "unload-model");
        Assert.False(again.Success);
        Assert.StartsWith("POST /v2/repository/models/iris/unload answered ", again.Message, StringComparison.Ordinal);

        var loaded = await commands.ExecuteCommandAsync(replica, "load-model");
        Assert.True(loaded.Success, loaded.Message);
        Assert.Equal("loaded model 'iris'", loaded.Message);
        using (var ready = await client.GetAsync(new Uri("/v2/models/iris/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        using var answer = await client.PostAsync(new Uri("/v1/models/iris:predict", UriKind.Relative), new StringContent(Instances));
        Assert.Equal("""{"predictions":[1,0]}""", await answer.Content.ReadAsStringAsync());
        await app.StopAsync();
    }

    // Waits until every named process is running and healthy; gives their names.
    private static async Task<IReadOnlyList<string>> ReadyAsync(DistributedApplication app, params string[] names)
    {
        foreach (var name in names)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(name).WaitAsync(Patience);
        }

        return names;
    }

    private static DateTime? StartOf(DistributedApplication app, string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state) ? state.Snapshot.StartTimeStamp : null;

    private static int? ProcessId(DistributedApplication app, string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state) ? Pid(state.Snapshot) : null;

    private static int? Pid(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
        && int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
}
