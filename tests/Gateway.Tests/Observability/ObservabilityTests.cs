using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.Observability;

/// <summary>
/// W3C trace context passes through the gateway to the model server; Prometheus metrics count requests per service,
/// revision, component and status, and show the requests in flight per service and revision (what the autoscaler reads).
/// </summary>
[Collection(SharedPredictors.Name)]
public sealed class ObservabilityTests(PredictorFleet fleet) : IAsyncLifetime
{
    private readonly Gate _gate = new();
    private LocalServer _echo = null!;
    private LocalServer _held = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _echo = await LocalServer.StartEchoAsync();
        _held = await LocalServer.StartGatedAsync(_gate);
        _gateway = await GatewayHost.StartAsync(Table(
            Service("iris",
                Revision("stable", 50, Replicas(fleet.Stable)),
                Revision("canary", 50, Replicas(fleet.Canary))),
            Service("echo", Revision("stable", 100, Replicas(_echo))),
            Service("held", Revision("stable", 100, Replicas(_held)))));
    }

    public async Task DisposeAsync()
    {
        _gate.Open();
        await _gateway.DisposeAsync();
        await _echo.DisposeAsync();
        await _held.DisposeAsync();
    }

    [Fact]
    public async Task The_trace_context_reaches_the_model_server_in_the_same_trace()
    {
        const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        var answer = await _gateway.Client.InferAsync("echo", headers: [("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01"), ("tracestate", "vendor=value")]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var upstream = JsonNode.Parse(answer.Body)!;
        var traceParent = upstream["traceparent"]![0]!.GetValue<string>();
        Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-01$", traceParent);
        Assert.Equal("vendor=value", upstream["tracestate"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Requests_are_counted_per_service_revision_component_and_status()
    {
        var answers = await GatewayCalls.ManyAsync(200, 4, _ => _gateway.Client.InferAsync("iris"));
        await _gateway.Client.InferPinnedAsync("nowhere");

        var perRevision = answers.GroupBy(a => a.Revision!).ToDictionary(g => g.Key, g => g.Count());
        await Eventually.WaitAsync("the requests in the metrics", async () =>
        {
            var metrics = await _gateway.MetricsAsync();
            return Count(metrics, "iris", "stable", "200") >= perRevision["stable"]
                && Count(metrics, "iris", "canary", "200") >= perRevision["canary"]
                && Count(metrics, "iris", string.Empty, "404") >= 1;
        });
    }

    [Fact]
    public async Task Requests_in_flight_are_shown_per_service_and_revision()
    {
        var held = Enumerable.Range(0, 3).Select(_ => _gateway.Client.SendAsync(HttpMethod.Post, "/v2/models/held/infer", "{}")).ToList();
        await Eventually.WaitAsync("three requests held upstream", () => Task.FromResult(_gate.Waiting == 3));

        await Eventually.WaitAsync("three requests in flight in the metrics", async () => InFlight(await _gateway.MetricsAsync(), "held", "stable") == 3);
        _gate.Open();
        await Task.WhenAll(held);
        await Eventually.WaitAsync("no request in flight in the metrics", async () => InFlight(await _gateway.MetricsAsync(), "held", "stable") == 0);
    }

    [Fact]
    public async Task The_generic_http_metrics_are_recorded_only_when_asked_for()
    {
        await using var asking = await GatewayHost.StartAsync(
            Table(Service("echo", Revision("stable", 100, Replicas(_echo)))), new Dictionary<string, string?> { ["Gateway:HttpMetrics"] = "true" });
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.InferAsync("echo")).Status);
        Assert.Equal(HttpStatusCode.OK, (await asking.Client.InferAsync("echo")).Status);

        // The gateway's own request metric is there either way; the scrape itself is a server request too.
        await Eventually.WaitAsync("the request in both gateways' metrics", async () =>
            Count(await _gateway.MetricsAsync(), "echo", "stable", "200") >= 1 && Count(await asking.MetricsAsync(), "echo", "stable", "200") >= 1);
        var without = await _gateway.MetricsAsync();
        var with = await asking.MetricsAsync();

        Assert.DoesNotContain("http_server_request_duration_seconds", without, StringComparison.Ordinal);
        Assert.DoesNotContain("http_client_request_duration_seconds", without, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_count", with, StringComparison.Ordinal);
        Assert.Contains("http_client_request_duration_seconds_count", with, StringComparison.Ordinal);
    }

    private static double Count(string metrics, string service, string revision, string status) => Sum(
        metrics,
        "modelplane_gateway_request_duration_seconds_count",
        $"service=\"{service}\"",
        $"revision=\"{revision}\"",
        $"status_code=\"{status}\"");

    private static double InFlight(string metrics, string service, string revision) => Sum(
        metrics, "modelplane_gateway_requests_in_flight", $"service=\"{service}\"", $"revision=\"{revision}\"");

    private static double Sum(string metrics, string name, params string[] labels) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .Select(l => double.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture))
            .Sum();
}
