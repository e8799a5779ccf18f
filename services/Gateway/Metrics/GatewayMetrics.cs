using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Modelplane.Gateway.Metrics;

/// <summary>
/// The gateway's metrics, per service and revision: request duration (its count is the request count, by status),
/// requests in flight (what the autoscaler reads), requests held for a ready replica, and payload-log events dropped because the sink fell behind.
/// </summary>
public sealed class GatewayMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Modelplane.Gateway";

    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Counter<long> _logDropped;
    private readonly UpDownCounter<long> _held;

    /// <summary>Creates the instruments.</summary>
    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _duration = meter.CreateHistogram<double>(
            "modelplane.gateway.request.duration",
            "s",
            "Requests through the gateway by service, revision, component and status code, and their duration.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _inFlight = meter.CreateUpDownCounter<long>("modelplane.gateway.requests.in_flight", "{request}", "Requests in flight by service and revision.");
        _held = meter.CreateUpDownCounter<long>("modelplane.gateway.requests.held", "{request}", "Requests waiting for a ready replica, by service and revision.");
        _logDropped = meter.CreateCounter<long>("modelplane.gateway.payload_log.dropped", "{event}", "Payload-log events dropped because the sink could not keep up.");
    }

    public void Enter(string service, string revision) => _inFlight.Add(1, new TagList { { "service", service }, { "revision", revision } });

    public void Exit(string service, string revision, string component, int status, TimeSpan elapsed)
    {
        _inFlight.Add(-1, new TagList { { "service", service }, { "revision", revision } });
        _duration.Record(elapsed.TotalSeconds, new TagList { { "service", service }, { "revision", revision }, { "component", component }, { "status_code", status } });
    }

    /// <summary>A request starts (+1) or stops (-1) waiting for a ready replica of a revision.</summary>
    public void Held(string service, string revision, int delta) => _held.Add(delta, new TagList { { "service", service }, { "revision", revision } });

    public void Refused(string service, int status) =>
        _duration.Record(0, new TagList { { "service", service }, { "revision", string.Empty }, { "component", string.Empty }, { "status_code", status } });

    public void LogDropped(string service) => _logDropped.Add(1, new KeyValuePair<string, object?>("service", service));
}
