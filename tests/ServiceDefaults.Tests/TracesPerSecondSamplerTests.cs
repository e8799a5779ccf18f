using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Modelplane.ServiceDefaults.Tests;

/// <summary>
/// The sampler records at most its rate of new traces each second, follows a caller's decision for the rest of a trace,
/// and takes 0 as none and a negative rate as every one.
/// </summary>
public sealed class TracesPerSecondSamplerTests
{
    [Fact]
    public void New_traces_beyond_the_rate_are_not_recorded_within_a_second_and_are_again_in_the_next()
    {
        var clock = new ManualClock();
        var sampler = new TracesPerSecondSampler(3, clock);

        var first = Enumerable.Range(0, 10).Select(_ => Sample(sampler, default)).ToList();
        clock.Seconds = 0.99;
        var later = Sample(sampler, default);
        clock.Seconds = 1.01;
        var next = Enumerable.Range(0, 4).Select(_ => Sample(sampler, default)).ToList();

        Assert.Equal([true, true, true, false, false, false, false, false, false, false], first);
        Assert.False(later);
        Assert.Equal([true, true, true, false], next);
    }

    [Fact]
    public void A_callers_decision_is_followed_whatever_the_rate()
    {
        var none = new TracesPerSecondSampler(0);
        var all = new TracesPerSecondSampler(-1);
        var recorded = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var dropped = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);

        Assert.True(Sample(none, recorded));
        Assert.False(Sample(all, dropped));
        Assert.False(Sample(none, default));
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(Sample(all, default)));
    }

    private static bool Sample(Sampler sampler, ActivityContext parent) =>
        sampler.ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), "POST /v1/models/iris:predict", ActivityKind.Server)).Decision == SamplingDecision.RecordAndSample;

    private sealed class ManualClock : TimeProvider
    {
        public double Seconds { get; set; }

        public override long TimestampFrequency => 1_000_000;

        public override long GetTimestamp() => (long)(Seconds * TimestampFrequency);
    }
}
