using System.Net;
using System.Text.Json.Nodes;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Routing;

/// <summary>
/// The route table is reloaded when its file changes, as when the AppHost adds a replica or a ConfigMap is updated;
/// a table that cannot be used is reported and the previous one keeps routing.
/// </summary>
[Collection(SharedPredictors.Name)]
public sealed class RouteTableReloadTests(PredictorFleet fleet) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(Table(
        Service("iris", Revision("stable", 100, Replicas(fleet.Stable)))));

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_changed_table_routes_the_next_requests()
    {
        await _gateway.WriteRouteTableAsync(Table(
            Service("iris", Revision("canary", 100, Replicas(fleet.Canary))),
            Service("flowers", Revision("blossom", 100, Replicas(fleet.Second)))));

        await Eventually.WaitAsync("the new table to route iris to the canary", async () => (await _gateway.Client.InferAsync("iris")).Revision == "canary");
        var iris = await _gateway.Client.InferAsync("iris");
        var flowers = await _gateway.Client.InferAsync("iris", host: Host("flowers"));

        Assert.Equal(fleet.Canary.Setosa, iris.Label);
        Assert.Equal(fleet.Second.Setosa, flowers.Label);
    }

    [Fact]
    public async Task Tables_that_move_traffic_to_new_revisions_under_load_lose_no_request()
    {
        // Each table names a new revision and drops the one before, as a rollout does: the router must never pick a
        // revision whose cluster YARP has not built yet or has just removed.
        using var stop = new CancellationTokenSource();
        var answers = new List<Answer>();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var answer = await _gateway.Client.InferAsync("iris");
                lock (answers)
                {
                    answers.Add(answer);
                }
            }
        })).ToArray();

        for (var i = 1; i <= 12; i++)
        {
            var replica = i % 2 == 0 ? fleet.Stable : fleet.Canary;
            await _gateway.WriteRouteTableAsync(Table(Service("iris", Revision($"r{i}", 100, Replicas(replica)))));
            await Eventually.WaitAsync($"revision r{i} to take the traffic", async () => (await _gateway.Client.InferAsync("iris")).Revision == $"r{i}");
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.True(answers.Count > 100, $"only {answers.Count} requests were sent");
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
    }

    [Theory]
    [InlineData("{\"services\": [", "routes.json:1:")]
    [InlineData("{\"services\": [{\"name\": \"iris\", \"revisions\": [{\"name\": \"a\", \"percent\": 60, \"predictor\": {\"http\": [\"http://127.0.0.1:1\"]}}]}]}",
        "services[0] (iris).revisions: the percentages add up to 60, not 100")]
    [InlineData("{\"services\": [{\"name\": \"iris\", \"revisions\": [{\"name\": \"a\", \"predictor\": {\"http\": [\"tcp://somewhere\"]}}]}]}",
        "services[0] (iris).revisions[0] (a).predictor: 'tcp://somewhere' is not an http:// address")]
    public async Task A_table_that_cannot_be_used_is_reported_and_the_previous_one_keeps_routing(string table, string reason)
    {
        await File.WriteAllTextAsync(_gateway.RouteTablePath, table);

        await _gateway.Logs.WaitForAsync("route table not reloaded, the previous one keeps routing");
        Assert.Contains(_gateway.Logs.Lines, line => line.Contains(reason, StringComparison.Ordinal));
        var answer = await _gateway.Client.InferAsync("iris");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(fleet.Stable.Setosa, answer.Label);
    }

    [Fact]
    public async Task A_gateway_started_with_a_table_it_cannot_use_does_not_start_and_says_why()
    {
        var table = new JsonObject { ["services"] = new JsonArray(new JsonObject { ["name"] = "iris", ["revisions"] = new JsonArray() }) };

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await (await GatewayHost.StartAsync(table)).DisposeAsync());

        Assert.Contains("the route table cannot be used", failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("services[0] (iris).revisions: a service needs at least one revision", failure.ToString(), StringComparison.Ordinal);
    }
}
