using System.Net;
using System.Text.Json.Nodes;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Routing;

/// <summary>
/// REST requests reach a component over cleartext HTTP/2, multiplexed on the replicas' HTTP/2 (gRPC) port, when
/// every replica of it has one; over HTTP/1.1 when one of them has none, or when <c>Gateway:RestOverHttp2</c> is off.
/// The client's side does not change: it speaks HTTP/1.1 to the gateway either way.
/// </summary>
public sealed class UpstreamProtocolTests : IAsyncLifetime
{
    private LocalServer _bothListeners = null!;
    private LocalServer _otherBothListeners = null!;
    private LocalServer _http1Only = null!;

    public async Task InitializeAsync()
    {
        _bothListeners = await LocalServer.StartProtocolEchoAsync(http2Listener: true);
        _otherBothListeners = await LocalServer.StartProtocolEchoAsync(http2Listener: true);
        _http1Only = await LocalServer.StartProtocolEchoAsync(http2Listener: false);
    }

    public async Task DisposeAsync()
    {
        await _bothListeners.DisposeAsync();
        await _otherBothListeners.DisposeAsync();
        await _http1Only.DisposeAsync();
    }

    [Fact]
    public async Task Rest_goes_over_http2_to_the_http2_port_when_every_replica_has_one()
    {
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("stable", 100, Replicas(_bothListeners, _otherBothListeners)))));

        var arrivals = await ArrivalsAsync(gateway, 20);

        Assert.All(arrivals, a => Assert.Equal("HTTP/2", a.Protocol));
        Assert.Equal(
            new[] { _bothListeners.Grpc!.Port, _otherBothListeners.Grpc!.Port }.Order(),
            arrivals.Select(a => a.Port).Distinct().Order());
    }

    [Fact]
    public async Task Rest_stays_on_http1_when_a_replica_has_no_http2_port()
    {
        await using var gateway = await GatewayHost.StartAsync(Table(Service("iris", Revision("stable", 100, Replicas(_bothListeners, _http1Only)))));

        var arrivals = await ArrivalsAsync(gateway, 20);

        Assert.All(arrivals, a => Assert.Equal("HTTP/1.1", a.Protocol));
        Assert.Equal(new[] { _bothListeners.Http.Port, _http1Only.Http.Port }.Order(), arrivals.Select(a => a.Port).Distinct().Order());
    }

    [Fact]
    public async Task Rest_stays_on_http1_when_the_setting_is_off()
    {
        await using var gateway = await GatewayHost.StartAsync(
            Table(Service("iris", Revision("stable", 100, Replicas(_bothListeners)))),
            new Dictionary<string, string?> { ["Gateway:RestOverHttp2"] = "false" });

        var arrivals = await ArrivalsAsync(gateway, 3);

        Assert.All(arrivals, a => Assert.Equal(("HTTP/1.1", _bothListeners.Http.Port), (a.Protocol, a.Port)));
    }

    /// <summary>Sends <paramref name="count"/> inference requests, four at a time, and reads where each arrived.</summary>
    private static async Task<(string Protocol, int Port)[]> ArrivalsAsync(GatewayHost gateway, int count) =>
        await GatewayCalls.ManyAsync(count, 4, async _ =>
        {
            var answer = await gateway.Client.InferAsync("iris");
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            var body = JsonNode.Parse(answer.Body)!;
            return (body["protocol"]!.GetValue<string>(), body["port"]!.GetValue<int>());
        });
}
