using System.Net;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Traffic;

/// <summary>
/// Revisions share a service's traffic by their percentages (KServe's canaryTrafficPercent, KubeDL's
/// trafficPercentage over several predictors, PaddleService's default and canary), within two points over 10,000
/// requests; the revision header pins one. Each revision is served by a predictor with labels of its own, so every
/// answer shows where it went, and the revision header the gateway answers with must agree.
/// </summary>
[Collection(SharedPredictors.Name)]
public sealed class TrafficSplitTests(PredictorFleet fleet) : IAsyncLifetime
{
    private const int Requests = 10_000;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(Table(
        Service("iris",
            Revision("stable", 90, Replicas(fleet.Stable)),
            Revision("canary", 10, Replicas(fleet.Canary))),
        Service("flowers",
            Revision("model-a", 60, Replicas(fleet.Stable)),
            Revision("model-b", 30, Replicas(fleet.Canary)),
            Revision("model-c", 10, Replicas(fleet.Second)))));

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_canary_at_ten_percent_gets_ten_percent_within_two_points()
    {
        var shares = await SplitAsync("iris", new()
        {
            ["stable"] = fleet.Stable,
            ["canary"] = fleet.Canary,
        });

        AssertShare(shares, "stable", 90);
        AssertShare(shares, "canary", 10);
    }

    [Fact]
    public async Task Several_predictors_share_traffic_by_their_percentages_within_two_points()
    {
        var shares = await SplitAsync("flowers", new()
        {
            ["model-a"] = fleet.Stable,
            ["model-b"] = fleet.Canary,
            ["model-c"] = fleet.Second,
        });

        AssertShare(shares, "model-a", 60);
        AssertShare(shares, "model-b", 30);
        AssertShare(shares, "model-c", 10);
    }

    [Theory]
    [InlineData("canary")]
    [InlineData("stable")]
    public async Task The_revision_header_pins_every_request_to_that_revision(string revision)
    {
        var expected = revision == "canary" ? fleet.Canary.Setosa : fleet.Stable.Setosa;

        var answers = await GatewayCalls.ManyAsync(200, 4, _ => _gateway.Client.InferPinnedAsync(revision));

        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(revision, answer.Revision);
            Assert.Equal(expected, answer.Label);
        });
    }

    [Fact]
    public async Task Pinning_a_revision_the_service_lacks_is_a_404_naming_its_revisions()
    {
        var answer = await _gateway.Client.InferPinnedAsync("blue");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("service 'iris' has no revision 'blue' (revisions: stable, canary)", answer.Error);
    }

    private async Task<Dictionary<string, int>> SplitAsync(string service, Dictionary<string, PredictorReplica> predictors)
    {
        // Every predictor serves the model as iris; the Host names the service.
        var answers = await GatewayCalls.ManyAsync(Requests, 8, _ => _gateway.Client.InferAsync("iris", host: Host(service)));

        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.NotNull(answer.Revision);
            Assert.Equal(predictors[answer.Revision].Setosa, answer.Label);
        });
        return answers.GroupBy(a => a.Revision!).ToDictionary(g => g.Key, g => g.Count());
    }

    private static void AssertShare(Dictionary<string, int> shares, string revision, int percent)
    {
        var measured = 100.0 * shares.GetValueOrDefault(revision) / Requests;
        Assert.True(Math.Abs(measured - percent) <= 2, $"revision {revision} got {measured:0.00}% of {Requests} requests, not {percent}% ± 2");
    }
}
