using Modelplane.Hosting.Autoscaling;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Autoscaling;

/// <summary>
/// Knative's defaults (config/core/configmaps/autoscaler.yaml, pkg/autoscaler/config) and how a component's scaling
/// spec resolves against them (ResolveMetricTarget, MakeMetric, GetInitialScale), row by row.
/// </summary>
public sealed class KpaSettingsTests
{
    [Fact]
    public void The_defaults_are_Knatives()
    {
        var settings = new KpaSettings { MinReplicas = 0, MaxReplicas = 10 };

        Assert.Equal(ScaleMetric.Concurrency, settings.Metric);
        Assert.Equal(100, settings.Target);
        Assert.Equal(0.7, settings.TargetUtilization);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.StableWindow);
        Assert.Equal(10, settings.PanicWindowPercent);
        Assert.Equal(TimeSpan.FromSeconds(6), settings.PanicWindow);
        Assert.Equal(200, settings.PanicThresholdPercent);
        Assert.Equal(1000, settings.MaxScaleUpRate);
        Assert.Equal(2, settings.MaxScaleDownRate);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.ScaleToZeroGracePeriod);
        Assert.Equal(TimeSpan.Zero, settings.ScaleDownDelay);
        Assert.Equal(1, settings.InitialReplicas);
    }

    // KServe's default: one replica at least, no maximum, so the local bound.
    private static readonly KpaSettings Resolved = new() { MinReplicas = 1, MaxReplicas = 4 };

    public static TheoryData<string, ScalingSpec, int?, KpaSettings> Specs => new()
    {
        { "an empty spec: Knative's defaults, KServe's min 1, the local max", new ScalingSpec(), null, Resolved },
        { "requests-per-second-target-default 200", new ScalingSpec { Metric = ScaleMetric.Rps }, null, Resolved with { Metric = ScaleMetric.Rps, Target = 200 } },
        { "an rps target is the spec's", new ScalingSpec { Metric = ScaleMetric.Rps, Target = 50 }, null, Resolved with { Metric = ScaleMetric.Rps, Target = 50 } },
        { "ResolveMetricTarget: containerConcurrency does not bound rps", new ScalingSpec { Metric = ScaleMetric.Rps }, 10, Resolved with { Metric = ScaleMetric.Rps, Target = 200 } },
        { "ResolveMetricTarget: containerConcurrency is the target when none is given", new ScalingSpec(), 10, Resolved with { Target = 10 } },
        { "ResolveMetricTarget: containerConcurrency 0 means no limit", new ScalingSpec(), 0, Resolved },
        { "ResolveMetricTarget: the smaller of target and containerConcurrency", new ScalingSpec { Target = 20 }, 10, Resolved with { Target = 10 } },
        { "ResolveMetricTarget: a target below containerConcurrency stands", new ScalingSpec { Target = 5 }, 10, Resolved with { Target = 5 } },
        { "a concurrency target without a limit stands", new ScalingSpec { Target = 20 }, null, Resolved with { Target = 20 } },
        { "cpu is no KPA metric: concurrency at its default", new ScalingSpec { Metric = ScaleMetric.Cpu, Target = 80 }, null, Resolved },
        { "memory is no KPA metric: concurrency at containerConcurrency", new ScalingSpec { Metric = ScaleMetric.Memory, Target = 80 }, 10, Resolved with { Target = 10 } },
        { "target-utilization-percentage", new ScalingSpec { TargetUtilizationPercent = 50 }, null, Resolved with { TargetUtilization = 0.5 } },
        { "window and panic knobs", new ScalingSpec { Window = TimeSpan.FromSeconds(30), PanicWindowPercent = 50, PanicThresholdPercent = 300 }, null, Resolved with { StableWindow = TimeSpan.FromSeconds(30), PanicWindowPercent = 50, PanicThresholdPercent = 300 } },
        { "WindowMin 6 s", new ScalingSpec { Window = TimeSpan.FromSeconds(2) }, null, Resolved with { StableWindow = TimeSpan.FromSeconds(6) } },
        { "WindowMax 1 h", new ScalingSpec { Window = TimeSpan.FromHours(2) }, null, Resolved with { StableWindow = TimeSpan.FromHours(1) } },
        { "stable-window in whole seconds", new ScalingSpec { Window = TimeSpan.FromSeconds(10.4) }, null, Resolved with { StableWindow = TimeSpan.FromSeconds(10) } },
        { "PanicThresholdPercentageMin 110", new ScalingSpec { PanicThresholdPercent = 50 }, null, Resolved with { PanicThresholdPercent = 110 } },
        { "a spec's max beats the local one", new ScalingSpec { MaxReplicas = 7 }, null, Resolved with { MaxReplicas = 7 } },
        { "min 0 and initial-scale default 1", new ScalingSpec { MinReplicas = 0 }, null, Resolved with { MinReplicas = 0 } },
        { "initial-scale defaults to min when min is above 1", new ScalingSpec { MinReplicas = 3 }, null, Resolved with { MinReplicas = 3, InitialReplicas = 3 } },
        { "allow-zero-initial-scale: 0 stays when min is 0", new ScalingSpec { MinReplicas = 0, InitialReplicas = 0 }, null, Resolved with { MinReplicas = 0, InitialReplicas = 0 } },
        { "initial-scale 0 with min 2 is min", new ScalingSpec { MinReplicas = 2, InitialReplicas = 0 }, null, Resolved with { MinReplicas = 2, InitialReplicas = 2 } },
        { "initial-scale above max is max", new ScalingSpec { InitialReplicas = 10 }, null, Resolved with { InitialReplicas = 4 } },
        { "a max below min is raised to min", new ScalingSpec { MinReplicas = 6 }, null, Resolved with { MinReplicas = 6, MaxReplicas = 6, InitialReplicas = 6 } },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void A_scaling_spec_resolves_as_Knative_resolves_a_revisions_annotations(string rule, ScalingSpec scaling, int? containerConcurrency, KpaSettings expected)
    {
        var settings = KpaSettings.From(scaling, containerConcurrency, localMaxReplicas: 4);

        Assert.True(expected == settings, $"{rule}:\n expected {expected}\n got      {settings}");
    }

    [Fact]
    public void Without_any_maximum_at_least_one_replica_may_run()
    {
        Assert.Equal(1, KpaSettings.From(new ScalingSpec { MinReplicas = 0 }, null, localMaxReplicas: 0).MaxReplicas);
    }

    public static TheoryData<double, double, double> PanicWindows => new()
    {
        { 60, 10, 6 },
        { 15, 10, 2 },
        { 6, 10, 1 },
        { 6, 1, 1 },
        { 100, 100, 100 },
    };

    // MakeMetric: the panic window rounds to the nearest second, at least one (BucketSize).
    [Theory]
    [MemberData(nameof(PanicWindows))]
    public void The_panic_window_is_its_share_of_the_stable_window_in_whole_seconds(double window, double percent, double expected)
    {
        var settings = new KpaSettings { MinReplicas = 0, MaxReplicas = 1, StableWindow = TimeSpan.FromSeconds(window), PanicWindowPercent = percent };

        Assert.Equal(TimeSpan.FromSeconds(expected), settings.PanicWindow);
    }
}
