using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Modelplane.Explainer.Metrics;

/// <summary>What explanations cost the predictor: calls and rows per explanation request, by model and method.</summary>
public sealed class ExplainerMetrics
{
    /// <summary>The meter's name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Modelplane.Explainer";

    private readonly Histogram<long> _calls;
    private readonly Histogram<long> _rows;

    /// <summary>Creates the instruments on a meter from the factory.</summary>
    public ExplainerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _calls = meter.CreateHistogram<long>(
            "modelplane.explainer.predictor.calls",
            "{call}",
            "Predictor calls per explanation request, by model and method.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        _rows = meter.CreateHistogram<long>(
            "modelplane.explainer.predictor.rows",
            "{row}",
            "Rows sent to the predictor per explanation request, by model and method.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000] });
    }

    /// <summary>Records one explanation request.</summary>
    public void Record(string model, string method, int calls, long rows)
    {
        var tags = new TagList { { "model", model }, { "method", method } };
        _calls.Record(calls, tags);
        _rows.Record(rows, tags);
    }
}
