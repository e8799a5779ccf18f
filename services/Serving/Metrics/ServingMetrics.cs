using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Modelplane.Serving.Metrics;

/// <summary>The server's inference metrics: requests by model and outcome, and their duration.</summary>
public sealed class ServingMetrics
{
    /// <summary>The meter's name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Modelplane.Serving";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;

    /// <summary>Creates the instruments on a meter from the factory.</summary>
    public ServingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("modelplane.inference.requests", "{request}", "Inference requests by model, protocol and status code.");
        _duration = meter.CreateHistogram<double>(
            "modelplane.inference.duration",
            "s",
            "Time from request to response, by model and protocol.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    /// <summary>Records one request.</summary>
    public void Record(string model, string protocol, int statusCode, TimeSpan elapsed)
    {
        var tags = new TagList { { "model", model }, { "protocol", protocol }, { "status_code", statusCode } };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }
}
