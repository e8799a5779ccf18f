using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Records at most a number of new traces a second, and every trace whose caller recorded it: a trace the gateway
/// starts is followed through the transformer, predictor and explainer it calls, or not at all. Under Aspire every
/// request's spans go to the dashboard; under load that export costs the services more than the requests themselves,
/// and a dashboard showing the first traces of each second shows what a developer looks for. Any rate can be set
/// (<c>Telemetry:TracesPerSecond</c>; 0 records none, a negative number every one).
/// </summary>
public sealed class TracesPerSecondSampler : Sampler
{
    private readonly double _perSecond;
    private readonly TimeProvider _time;
    private readonly long _start;
    private long _window;
    private long _taken;

    /// <summary>A sampler that starts at most <paramref name="perSecond"/> new traces each second of <paramref name="time"/> (the system's clock by default).</summary>
    public TracesPerSecondSampler(double perSecond, TimeProvider? time = null)
    {
        _perSecond = perSecond;
        _time = time ?? TimeProvider.System;
        _start = _time.GetTimestamp();
        Description = $"TracesPerSecondSampler{{{perSecond}}}";
    }

    /// <inheritdoc/>
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        if (parent.TraceId != default)
        {
            return new SamplingResult((parent.TraceFlags & ActivityTraceFlags.Recorded) != 0);
        }

        if (_perSecond < 0)
        {
            return new SamplingResult(true);
        }

        // A window per second: the first caller of a new second resets the count; a race between two callers at the
        // boundary lets one more trace through, never fewer.
        var window = (long)_time.GetElapsedTime(_start).TotalSeconds;
        if (Interlocked.Read(ref _window) != window)
        {
            Interlocked.Exchange(ref _window, window);
            Interlocked.Exchange(ref _taken, 0);
        }

        return new SamplingResult(Interlocked.Increment(ref _taken) <= _perSecond);
    }
}
