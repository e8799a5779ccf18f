using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Modelplane.Gateway.Tests.RouteTableJson;

namespace Modelplane.Gateway.Tests.PayloadLogging;

/// <summary>
/// KServe's logger: with <c>mode: all</c> the request and the response of each inference reach the sink as binary
/// CloudEvents with KServe's types and attributes and the same id; <c>request</c> and <c>response</c> send only
/// theirs. A sink that does not keep up never holds inference back: what does not fit the queue is dropped and counted.
/// </summary>
[Collection(SharedPredictors.Name)]
public sealed class PayloadLoggerTests(PredictorFleet fleet) : IAsyncLifetime
{
    private readonly ConcurrentQueue<ReceivedEvent> _events = new();
    private readonly Gate _slowSinkGate = new();
    private LocalServer _sink = null!;
    private LocalServer _slowSink = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _sink = await LocalServer.StartAsync(app => app.MapPost("/events", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            _events.Enqueue(new ReceivedEvent(
                request.Headers.Where(h => h.Key.StartsWith("ce-", StringComparison.OrdinalIgnoreCase)).ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                request.ContentType,
                await reader.ReadToEndAsync()));
            return Results.Accepted();
        }));
        _slowSink = await LocalServer.StartGatedAsync(_slowSinkGate);
        _gateway = await GatewayHost.StartAsync(Table(
            Service("iris", Revision("stable", 100, Replicas(fleet.Stable))).With("logger", Logger(new Uri(_sink.Http, "/events"), "all")),
            Service("requests", Revision("stable", 100, Replicas(fleet.Stable))).With("logger", Logger(new Uri(_sink.Http, "/events"), "request")),
            Service("responses", Revision("stable", 100, Replicas(fleet.Stable))).With("logger", Logger(new Uri(_sink.Http, "/events"), "response")),
            Service("stuck", Revision("stable", 100, Replicas(fleet.Stable))).With("logger", Logger(_slowSink.Http, "request"))));
    }

    public async Task DisposeAsync()
    {
        _slowSinkGate.Open();
        await _gateway.DisposeAsync();
        await _sink.DisposeAsync();
        await _slowSink.DisposeAsync();
    }

    [Fact]
    public async Task Mode_all_sends_the_request_and_the_response_as_cloud_events_with_kserves_attributes()
    {
        var answer = await _gateway.Client.InferAsync("iris", headers: [("x-request-id", "request-all-1")]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var events = await EventsAsync("request-all-1", 2);
        var request = Assert.Single(events, e => e.Attributes["ce-type"] == "org.kubeflow.serving.inference.request");
        var response = Assert.Single(events, e => e.Attributes["ce-type"] == "org.kubeflow.serving.inference.response");
        Assert.Equal(IrisRequests.V2Classify, request.Body);
        Assert.Equal(answer.Body, response.Body);
        Assert.All(events, e =>
        {
            Assert.Equal("1.0", e.Attributes["ce-specversion"]);
            Assert.Equal("iris", e.Attributes["ce-inferenceservicename"]);
            Assert.Equal(Namespace, e.Attributes["ce-namespace"]);
            Assert.Equal("predictor", e.Attributes["ce-component"]);
            Assert.Equal("stable", e.Attributes["ce-endpoint"]);
            Assert.StartsWith(fleet.Stable.Http.ToString(), e.Attributes["ce-source"], StringComparison.Ordinal);
            Assert.StartsWith("application/json", e.ContentType, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("requests", "org.kubeflow.serving.inference.request")]
    [InlineData("responses", "org.kubeflow.serving.inference.response")]
    public async Task Modes_request_and_response_send_only_theirs(string service, string type)
    {
        var id = $"request-{service}";
        var answer = await _gateway.Client.InferAsync("iris", host: Host(service), headers: [("x-request-id", id)]);
        await _gateway.Client.InferAsync("iris", headers: [("x-request-id", $"{id}-marker")]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);

        // Events of one sink arrive in no fixed order; once the later marker's two are in, this one's would be too.
        await EventsAsync($"{id}-marker", 2);
        var logged = Assert.Single(await EventsAsync(id, 1));
        Assert.Equal(type, logged.Attributes["ce-type"]);
    }

    [Fact]
    public async Task A_sink_that_does_not_keep_up_never_holds_inference_back_and_drops_are_counted()
    {
        // More requests than the queue holds plus what its senders have in hand, all while the sink holds every event.
        var answers = await GatewayCalls.ManyAsync(1200, 8, _ => _gateway.Client.InferAsync("iris", host: Host("stuck")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        await Eventually.WaitAsync("the dropped events in the metrics", async () =>
            DroppedFor("stuck", await _gateway.MetricsAsync()) >= 1200 - 1024 - 8);
    }

    private async Task<IReadOnlyList<ReceivedEvent>> EventsAsync(string id, int count)
    {
        await Eventually.WaitAsync($"{count} events with id {id}", () => Task.FromResult(_events.Count(e => e.Attributes.GetValueOrDefault("ce-id") == id) >= count));
        return [.. _events.Where(e => e.Attributes.GetValueOrDefault("ce-id") == id)];
    }

    private static double DroppedFor(string service, string metrics) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith("modelplane_gateway_payload_log_dropped", StringComparison.Ordinal) && l.Contains($"service=\"{service}\"", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .Sum();

    private sealed record ReceivedEvent(Dictionary<string, string> Attributes, string? ContentType, string Body);
}
