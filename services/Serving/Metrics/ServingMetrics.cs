using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Modelplane.Serving.Metrics;

/// <summary>
/// The server's inference metric: request duration by model, protocol and status code. Its histogram's count is
/// the request count, so there is no separate counter to pay for on every request.
/// </summary>
public sealed class ServingMetrics
{
    /// <summary>The meter's name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Modelplane.Serving";

    private readonly Histogram<double> _duration;

    /// <summary>Creates the instruments on a meter from the factory.</summary>
    public ServingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _duration = meter.CreateHistogram<double>(
            "modelplane.inference.duration",
            "s",
            "Time from request to response of inference requests, by model, protocol and status code.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    /// <summary>Records one request.</summary>
    public void Record(string model, string protocol, int statusCode, TimeSpan elapsed)
    {
        _duration.Record(elapsed.TotalSeconds, new TagList { { "model", model }, { "protocol", protocol }, { "status_code", statusCode } });
    }
}
