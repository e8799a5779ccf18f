using System.Net;
using System.Text.Json.Nodes;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Routing;

/// <summary>
/// A REST request reaches a component over cleartext HTTP/2, multiplexed on the replicas' HTTP/2 (gRPC) port, when
/// every replica has one and <c>Gateway:RestOverHttp2InFlight</c> requests of the service are already in flight;
/// otherwise, or with <c>Gateway:RestOverHttp2</c> off, over HTTP/1.1. Clients speak HTTP/1.1 to the gateway either way.
/// </summary>
public sealed class UpstreamProtocolTests : IAsyncLifetime
{
    private readonly Gate _gate = new();
    private LocalServer _bothListeners = null!;
    private LocalServer _otherBothListeners = null!;
    private LocalServer _http1Only = null!;

    public async Task InitializeAsync()
    {
        _bothListeners = await LocalServer.StartProtocolEchoAsync(http2Listener: true, _gate);
        _otherBothListeners = await LocalServer.StartProtocolEchoAsync(http2Listener: true);
        _http1Only = await LocalServer.StartProtocolEchoAsync(http2Listener: false);
    }

    public async Task DisposeAsync()
    {
        _gate.Open();
        await _bothListeners.DisposeAsync();
        await _otherBothListeners.DisposeAsync();
        await _http1Only.DisposeAsync();
    }

    [Fact]
    public async Task Rest_goes_over_http2_to_the_http2_ports_when_every_replica_has_one()
    {
        await using var gateway = await GatewayHost.StartAsync(
            Table(Service("iris", Revision("stable", 100, Replicas(_bothListeners, _otherBothListeners)))),
            new Dictionary<string, string?> { ["Gateway:RestOverHttp2InFlight"] = "0" });

        var arrivals = await ArrivalsAsync(gateway, 20);

        Assert.All(arrivals, a => Assert.Equal("HTTP/2", a.Protocol));
        Assert.Equal(
            new[] { _bothListeners.Grpc!.Port, _otherBothListeners.Grpc!.Port }.Order(),
            arrivals.Select(a => a.Port).Distinct().Order());
    }

    [Fact]
    public async Task A_lone_request_takes_http1_and_one_sent_while_others_are_in_flight_takes_http2()
    {
        await using var gateway = await GatewayHost.StartAsync(
            Table(Service("iris", Revision("stable", 100, Replicas(_bothListeners)))),
            new Dictionary<string, string?> { ["Gateway:RestOverHttp2InFlight"] = "1" });

        var held = gateway.Client.InferAsync("held", host: Host("iris"));
        await Eventually.WaitAsync("the first request held upstream", () => Task.FromResult(_gate.Waiting == 1));
        var whileHeld = Arrival(await gateway.Client.InferAsync("iris"));
        _gate.Open();
        var lone = Arrival(await held);

        Assert.Equal(("HTTP/1.1", _bothListeners.Http.Port), lone);
        Assert.Equal(("HTTP/2", _bothListeners.Grpc!.Port), whileHeld);
    }

    [Fact]
    public async Task Rest_stays_on_http1_when_a_replica_has_no_http2_port()
    {
        await using var gateway = await GatewayHost.StartAsync(
            Table(Service("iris", Revision("stable", 100, Replicas(_otherBothListeners, _http1Only)))),
            new Dictionary<string, string?> { ["Gateway:RestOverHttp2InFlight"] = "0" });

        var arrivals = await ArrivalsAsync(gateway, 20);

        Assert.All(arrivals, a => Assert.Equal("HTTP/1.1", a.Protocol));
        Assert.Equal(new[] { _otherBothListeners.Http.Port, _http1Only.Http.Port }.Order(), arrivals.Select(a => a.Port).Distinct().Order());
    }

    [Fact]
    public async Task Rest_stays_on_http1_when_the_setting_is_off()
    {
        await using var gateway = await GatewayHost.StartAsync(
            Table(Service("iris", Revision("stable", 100, Replicas(_otherBothListeners)))),
            new Dictionary<string, string?> { ["Gateway:RestOverHttp2"] = "false", ["Gateway:RestOverHttp2InFlight"] = "0" });

        var arrivals = await ArrivalsAsync(gateway, 3);

        Assert.All(arrivals, a => Assert.Equal(("HTTP/1.1", _otherBothListeners.Http.Port), a));
    }

    /// <summary>Sends <paramref name="count"/> inference requests, four at a time, and reads where each arrived.</summary>
    private static async Task<(string Protocol, int Port)[]> ArrivalsAsync(GatewayHost gateway, int count) =>
        await GatewayCalls.ManyAsync(count, 4, async _ => Arrival(await gateway.Client.InferAsync("iris")));

    private static (string Protocol, int Port) Arrival(Answer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.OK, $"{(int)answer.Status} {answer.Body}");
        var body = JsonNode.Parse(answer.Body)!;
        return (body["protocol"]!.GetValue<string>(), body["port"]!.GetValue<int>());
    }
}
