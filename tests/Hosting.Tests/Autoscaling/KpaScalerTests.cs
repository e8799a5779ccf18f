using Modelplane.Hosting.Autoscaling;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Tests.Autoscaling;

/// <summary>
/// The KPA's decisions on a clock the test drives, for cases from Knative's documentation (config-autoscaler's
/// comments) and its own tests (pkg/autoscaler/scaling/autoscaler_test.go, named in each row).
/// </summary>
public sealed class KpaScalerTests
{
    // Not zero, so that nothing depends on the clock starting there.
    private static readonly TimeSpan Origin = TimeSpan.FromSeconds(1000);

    public static TheoryData<string, double, double, double, int, int> SteadyLoad => new()
    {
        // Knative's defaults: a target of 100 concurrent requests at 70 % utilization is 70 per replica.
        { "docs: 70 concurrent is one replica at the default target", 100, 0.7, 70, 1, 1 },
        { "docs: 350 concurrent is five replicas at the default target", 100, 0.7, 350, 5, 5 },
        { "docs: one request over the target is one replica more", 100, 0.7, 71, 2, 2 },
        { "AutoscalerStableModeNoChangeAlreadyScaled", 10, 1, 50, 5, 5 },
        { "TestAutoscalerStableModeIncreaseWithConcurrencyDefault", 10, 1, 100, 10, 10 },
        { "TestAutoscalerStableModeDecrease", 10, 1, 50, 8, 5 },
    };

    [Theory]
    [MemberData(nameof(SteadyLoad))]
    public void Steady_load_asks_for_the_load_over_the_target_value(string source, double target, double utilization, double concurrency, int ready, int expected)
    {
        var scaler = new KpaScaler(Knative() with { Target = target, TargetUtilization = utilization }, Origin);

        var decision = Run(scaler, 0, 60, concurrency, ready);

        Assert.True(expected == decision.Desired, $"{source}: {decision}");
        Assert.False(decision.Panicking, source);
        Assert.Equal(concurrency, decision.StableValue);
        Assert.Equal(concurrency, decision.PanicValue);
    }

    [Fact]
    public void The_reason_names_the_average_the_window_the_target_and_the_count()
    {
        var scaler = new KpaScaler(Knative(), Origin);

        var decision = Run(scaler, 0, 60, 350, 5);

        Assert.Equal("stable: 350.0 concurrent over 60 s / (100 × 70%) → 5 replicas", decision.Reason);
    }

    public static TheoryData<string, double, bool, int> LoadSteps => new()
    {
        { "1.5× the ready replicas' worth is no panic", 210, false, 3 },
        { "autoscaler.go isOverPanicThreshold: 2× the ready replicas' worth panics", 280, true, 4 },
        { "AutoscalerPanicModeDoublePodCount: the panic window's count wins", 700, true, 10 },
    };

    [Theory]
    [MemberData(nameof(LoadSteps))]
    public void A_load_step_panics_at_twice_the_ready_replicas(string source, double step, bool panics, int expected)
    {
        var scaler = new KpaScaler(Knative(), Origin);
        Run(scaler, 0, 60, 140, 2);

        // Six seconds fill the default panic window (10 % of 60 s).
        var decision = Run(scaler, 60, 66, step, 2);

        Assert.True((panics, expected) == (decision.Panicking, decision.Desired), $"{source}: {decision}");
        Assert.Equal(step, decision.PanicValue);
    }

    [Fact]
    public void A_panic_names_the_panic_window_the_threshold_and_the_ready_replicas()
    {
        var scaler = new KpaScaler(Knative(), Origin);
        Run(scaler, 0, 60, 140, 2);

        var decision = Run(scaler, 60, 66, 280, 2);

        Assert.Equal("panic: 280.0 concurrent over 6 s ≥ 2× 2 ready → 4 replicas", decision.Reason);
    }

    // TestAutoscalerPanicThenUnPanicScaleDown: traffic drops in panic, the count holds, and falls after a stable window.
    [Fact]
    public void Panic_never_scales_down_and_ends_a_stable_window_after_the_last_trigger()
    {
        var scaler = new KpaScaler(Knative(), Origin);
        Run(scaler, 0, 60, 140, 2);
        var surge = Run(scaler, 60, 66, 700, 2);
        Assert.Equal((10, true), (surge.Desired, surge.Panicking));

        var halfWindowLater = Run(scaler, 66, 96, 0, 10);
        Assert.Equal((10, true), (halfWindowLater.Desired, halfWindowLater.Panicking));
        Assert.Contains("no scale-down in panic: holding 10", halfWindowLater.Reason, StringComparison.Ordinal);

        // The last trigger was at second 65: panic lasts while 65 + 60 is not yet before now.
        var lastPanicSecond = Run(scaler, 96, 126, 0, 10);
        Assert.Equal((10, true), (lastPanicSecond.Desired, lastPanicSecond.Panicking));

        var calm = Run(scaler, 126, 127, 0, 10);
        Assert.Equal((5, false), (calm.Desired, calm.Panicking));
    }

    // TestAutoscalerExtendPanicWindow: a new trigger in panic moves the end of panic.
    [Fact]
    public void A_second_surge_in_panic_extends_it_from_its_own_trigger()
    {
        var scaler = new KpaScaler(Knative(), Origin);
        Run(scaler, 0, 60, 140, 2);
        Run(scaler, 60, 66, 700, 2);
        Run(scaler, 66, 100, 0, 10);
        var second = Run(scaler, 100, 106, 1400, 10);
        Assert.Equal((20, true), (second.Desired, second.Panicking));

        var afterFirstWindow = Run(scaler, 106, 127, 0, 20);
        Assert.Equal((20, true), (afterFirstWindow.Desired, afterFirstWindow.Panicking));

        var stillPanicking = Run(scaler, 127, 166, 0, 20);
        Assert.True(stillPanicking.Panicking, stillPanicking.Reason);

        var calm = Run(scaler, 166, 167, 0, 20);
        Assert.Equal((10, false), (calm.Desired, calm.Panicking));
    }

    public static TheoryData<string, double, int, int> ScaleDowns => new()
    {
        { "docs max-scale-down-rate 2: 10 ready and no load is 5, not 1", 2, 10, 5 },
        { "docs: N to N/2, rounded down", 2, 5, 2 },
        { "docs: but at least N to N-1", 2, 3, 1 },
        { "min 1 stops the halving", 2, 1, 1 },
        { "TestAutoscalerRateLimitScaleDown", 10, 100, 10 },
        { "AutoscalerStableModeDecreaseWithSmallScaleDownRate", 1.1, 100, 90 },
    };

    [Theory]
    [MemberData(nameof(ScaleDowns))]
    public void Scale_down_is_limited_by_the_rate_per_decision(string source, double rate, int ready, int expected)
    {
        var scaler = new KpaScaler(Knative() with { MaxScaleDownRate = rate }, Origin);

        var decision = Run(scaler, 0, 10, 0, ready);

        Assert.True(expected == decision.Desired, $"{source}: {decision}");
    }

    public static TheoryData<string, double, double, double, int, int> ScaleUps => new()
    {
        { "TestAutoscalerRateLimitScaleUp: 100 needed, ×10 from 1", 10, 10, 1000, 1, 10 },
        { "TestAutoscalerRateLimitScaleUp: ×10 again from 10", 10, 10, 1000, 10, 100 },
        { "TestAutoscalerUseOnePodAsMinimumIfEndpointsNotFound: 0 ready counts as 1", 10, 10, 1000, 0, 10 },
        { "AutoscalerStableModeIncreaseWithSmallScaleUpRate: at least one more", 1.1, 1, 3, 2, 3 },
    };

    [Theory]
    [MemberData(nameof(ScaleUps))]
    public void Scale_up_is_limited_by_the_rate_per_decision(string source, double rate, double target, double concurrency, int ready, int expected)
    {
        var scaler = new KpaScaler(Knative() with { MaxScaleUpRate = rate, Target = target, TargetUtilization = 1 }, Origin);

        var decision = Run(scaler, 0, 1, concurrency, ready);

        Assert.True(expected == decision.Desired, $"{source}: {decision}");
    }

    public static TheoryData<int, int, double, int, int, string> Bounds => new()
    {
        { 1, 3, 700, 3, 3, "max 3" },
        { 2, 10, 0, 2, 2, "min 2" },
        { 3, 5, 70, 3, 3, "min 3" },
    };

    // scaler.go applyBounds: min and max after the autoscaler's own arithmetic.
    [Theory]
    [MemberData(nameof(Bounds))]
    public void The_count_stays_within_min_and_max(int min, int max, double concurrency, int ready, int expected, string reason)
    {
        var scaler = new KpaScaler(Knative(min, max) with { InitialReplicas = min }, Origin);

        var decision = Run(scaler, 0, 10, concurrency, ready);

        Assert.Equal(expected, decision.Desired);
        Assert.EndsWith(reason, decision.Reason, StringComparison.Ordinal);
    }

    // config-autoscaler scale-to-zero-grace-period, simplified (see KpaScaler): one replica for the grace period after the last traffic.
    [Fact]
    public void With_min_0_one_replica_stays_until_the_grace_period_has_passed_without_traffic()
    {
        // Knative's shortest stable window, so that the grace period outlasts it.
        var scaler = new KpaScaler(Knative(min: 0) with { StableWindow = TimeSpan.FromSeconds(6) }, Origin);
        Run(scaler, 0, 10, 70, 1);

        var windowStillBusy = Run(scaler, 10, 13, 0, 1);
        Assert.Equal(1, windowStillBusy.Desired);
        Assert.Contains("→ 1 replica", windowStillBusy.Reason, StringComparison.Ordinal);

        var windowIdle = Run(scaler, 13, 16, 0, 1);
        Assert.Equal(1, windowIdle.Desired);
        Assert.EndsWith("last traffic 6 s ago, within the 30 s grace → 1", windowIdle.Reason, StringComparison.Ordinal);

        Assert.Equal(1, Run(scaler, 16, 39, 0, 1).Desired);

        var idle = Run(scaler, 39, 40, 0, 1);
        Assert.Equal(0, idle.Desired);
        Assert.EndsWith("no traffic for 30 s → 0", idle.Reason, StringComparison.Ordinal);
    }

    // config-autoscaler: the grace period does not shorten the stable window; zero needs a window averaging zero.
    [Fact]
    public void With_the_default_window_zero_comes_when_the_stable_window_holds_no_traffic()
    {
        var scaler = new KpaScaler(Knative(min: 0), Origin);
        Run(scaler, 0, 10, 70, 1);

        Assert.Equal(1, Run(scaler, 10, 40, 0, 1).Desired);
        Assert.Equal(1, Run(scaler, 40, 69, 0, 1).Desired);

        var idle = Run(scaler, 69, 70, 0, 1);
        Assert.Equal(0, idle.Desired);
        Assert.EndsWith("no traffic for 60 s → 0", idle.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void With_min_1_the_count_never_reaches_zero()
    {
        var scaler = new KpaScaler(Knative(min: 1), Origin);
        Run(scaler, 0, 10, 70, 1);

        var decision = Run(scaler, 10, 1000, 0, 1);

        Assert.Equal(1, decision.Desired);
        Assert.EndsWith("min 1", decision.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, ScaleMetric, double, double, double, double, int> Metrics => new()
    {
        { "docs: rps target default 200 at 70 % is 140 per replica", ScaleMetric.Rps, 200, 0.7, 1, 280, 2 },
        { "TestAutoscalerStableModeIncreaseWithRPS", ScaleMetric.Rps, 10, 1, 0, 50, 5 },
        { "the same seconds by concurrency", ScaleMetric.Concurrency, 100, 0.7, 1, 280, 1 },
    };

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Rps_scales_on_the_requests_per_second_and_concurrency_on_the_requests_in_flight(string source, ScaleMetric metric, double target, double utilization, double concurrency, double requests, int expected)
    {
        var scaler = new KpaScaler(Knative() with { Metric = metric, Target = target, TargetUtilization = utilization }, Origin);

        var decision = Run(scaler, 0, 60, concurrency, expected, requests);

        Assert.True(expected == decision.Desired, $"{source}: {decision}");
        Assert.Equal(metric == ScaleMetric.Rps ? requests : concurrency, decision.StableValue);
    }

    public static TheoryData<double, int> Utilizations => new()
    {
        { 1, 1 },
        { 0.7, 2 },
        { 0.5, 2 },
        { 0.25, 4 },
    };

    // ResolveMetricTarget: the target value is the target times the utilization.
    [Theory]
    [MemberData(nameof(Utilizations))]
    public void Utilization_leaves_headroom_below_the_target(double utilization, int expected)
    {
        var scaler = new KpaScaler(Knative() with { TargetUtilization = utilization }, Origin);

        Assert.Equal(expected, Run(scaler, 0, 60, 100, expected).Desired);
    }

    // ResolveMetricTarget: containerConcurrency is the target when none is given.
    [Fact]
    public void A_container_concurrency_of_10_makes_14_concurrent_two_replicas()
    {
        var scaler = new KpaScaler(KpaSettings.From(new ScalingSpec(), containerConcurrency: 10, localMaxReplicas: 10), Origin);

        Assert.Equal(1, Run(scaler, 0, 60, 7, 1).Desired);
        Assert.Equal(2, Run(scaler, 60, 120, 14, 2).Desired);
    }

    // MultiScaler.Poke: the activator's request at zero replicas asks for one at once.
    [Fact]
    public void A_poke_at_zero_gives_one_replica_before_any_measurement()
    {
        var scaler = new KpaScaler(Knative(min: 0) with { InitialReplicas = 0 }, Origin);
        var before = scaler.Decide(At(0), 0);
        Assert.Equal(0, before.Desired);
        Assert.Equal("no data yet: initial 0; no traffic → 0", before.Reason);

        scaler.Poke(At(5));

        var poked = scaler.Decide(At(5), 0);
        Assert.Equal(1, poked.Desired);
        Assert.EndsWith("a request waiting for a replica 0 s ago, within the 30 s grace → 1", poked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_poke_after_scaling_to_zero_gives_one_replica_and_zero_again_after_the_grace_period()
    {
        var scaler = new KpaScaler(Knative(min: 0) with { InitialReplicas = 0 }, Origin);
        Assert.Equal(0, Run(scaler, 0, 10, 0, 0).Desired);

        scaler.Poke(At(10));
        Assert.Equal(1, scaler.Decide(At(10), 0).Desired);

        // The waiting request went away before the replica was ready.
        Assert.Equal(1, Run(scaler, 11, 40, 0, 1).Desired);
        Assert.Equal(0, Run(scaler, 40, 41, 0, 1).Desired);
    }

    // scaler.go: the initial scale is the count until the first measurement, and a floor until it was once reached.
    [Fact]
    public void The_initial_replicas_hold_until_they_were_ready_once()
    {
        var scaler = new KpaScaler(Knative(min: 1) with { InitialReplicas = 3 }, Origin);
        Assert.Equal(new ScaleDecision(3, false, 0, 0, "no data yet: initial 3"), scaler.Decide(At(0), 0));

        var starting = Run(scaler, 0, 10, 0, 1);
        Assert.Equal(3, starting.Desired);
        Assert.EndsWith("initial 3 until 3 ready", starting.Reason, StringComparison.Ordinal);

        Assert.Equal(3, Run(scaler, 10, 11, 0, 3).Desired);
        Assert.Equal(1, Run(scaler, 11, 12, 0, 3).Desired);
    }

    // TestAutoscalerScaleDownDelay, "simple" then "gradual": the largest count of the last five minutes.
    [Fact]
    public void A_scale_down_delay_holds_the_largest_count_of_its_period()
    {
        var scaler = new KpaScaler(
            Knative(min: 0) with
            {
                Target = 10,
                TargetUtilization = 1,
                MaxScaleUpRate = 10,
                MaxScaleDownRate = 10,
                PanicThresholdPercent = 10_000,
                ScaleDownDelay = TimeSpan.FromMinutes(5),
            },
            Origin);

        Assert.Equal(4, Run(scaler, 2, 3, 40, 0).Desired);
        var held = Run(scaler, 300, 301, 0, 0);
        Assert.Equal(4, held.Desired);
        Assert.EndsWith("scale-down delay 300 s holds 4", held.Reason, StringComparison.Ordinal);
        Assert.Equal(0, Run(scaler, 302, 303, 0, 0).Desired);

        Assert.Equal(4, Run(scaler, 540, 541, 40, 0).Desired);
        Assert.Equal(4, Run(scaler, 600, 601, 30, 0).Desired);
        Assert.Equal(4, Run(scaler, 660, 661, 0, 0).Desired);
        Assert.Equal(3, Run(scaler, 840, 841, 0, 0).Desired);
        Assert.Equal(0, Run(scaler, 900, 901, 0, 0).Desired);
    }

    public static TheoryData<string, KpaSettings, string> BadSettings => new()
    {
        { "a scale-up rate of 1", Knative() with { MaxScaleUpRate = 1 }, "KpaSettings.MaxScaleUpRate is 1; it must be above 1" },
        { "a scale-down rate of 1", Knative() with { MaxScaleDownRate = 1 }, "KpaSettings.MaxScaleDownRate is 1; it must be above 1" },
        { "no replica at all", Knative(min: 0, max: 0), "KpaSettings.MaxReplicas is 0; it must be at least 1 and at least MinReplicas" },
        { "max below min", Knative(min: 3, max: 2), "KpaSettings.MaxReplicas is 2; it must be at least 1 and at least MinReplicas" },
        { "no headroom at all", Knative() with { TargetUtilization = 0 }, "KpaSettings.TargetUtilization is 0; it must be in (0, 1]" },
        { "a window shorter than a bucket", Knative() with { StableWindow = TimeSpan.FromMilliseconds(500) }, "KpaSettings.StableWindow is 00:00:00.5000000; it must be at least 1 s" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Settings_the_arithmetic_cannot_work_with_are_refused_by_name(string source, KpaSettings settings, string message)
    {
        var refused = Assert.Throws<ArgumentException>(() => new KpaScaler(settings, Origin));

        Assert.True(refused.Message.StartsWith(message, StringComparison.Ordinal), $"{source}: {refused.Message}");
    }

    private static KpaSettings Knative(int min = 1, int max = 1000) => new() { MinReplicas = min, MaxReplicas = max };

    private static TimeSpan At(double second) => Origin + TimeSpan.FromSeconds(second);

    /// <summary>Records each second of [<paramref name="from"/>, <paramref name="to"/>) and decides at its end, as an autoscaler's loop does; the last decision.</summary>
    private static ScaleDecision Run(KpaScaler scaler, int from, int to, double concurrency, int ready, double requests = 0)
    {
        ScaleDecision? last = null;
        for (var second = from; second < to; second++)
        {
            scaler.Record(At(second), concurrency, requests);
            last = scaler.Decide(At(second), ready);
        }

        return last ?? throw new ArgumentException("an empty run", nameof(to));
    }
}
