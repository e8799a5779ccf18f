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
