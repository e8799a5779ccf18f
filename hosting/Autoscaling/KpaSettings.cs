using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Autoscaling;

/// <summary>The knobs of Knative's KPA for one component, with Knative's defaults (its <c>config-autoscaler</c>).</summary>
public sealed record KpaSettings
{
    /// <summary>Knative's <c>container-concurrency-target-default</c>.</summary>
    public const double DefaultConcurrencyTarget = 100;

    /// <summary>Knative's <c>requests-per-second-target-default</c>.</summary>
    public const double DefaultRpsTarget = 200;

    // Knative's bounds on a revision's annotations (pkg/apis/autoscaling/register.go), which its webhook enforces.
    private static readonly TimeSpan WindowMin = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan WindowMax = TimeSpan.FromHours(1);

    /// <summary>What the autoscaler averages: <see cref="ScaleMetric.Concurrency"/> or <see cref="ScaleMetric.Rps"/>.</summary>
    public ScaleMetric Metric { get; init; } = ScaleMetric.Concurrency;

    /// <summary>The value of <see cref="Metric"/> one replica is meant to carry (Knative's total value), before <see cref="TargetUtilization"/>.</summary>
    public double Target { get; init; } = DefaultConcurrencyTarget;

    /// <summary>The share of <see cref="Target"/> to aim at, in (0, 1]: the headroom kept for bursts.</summary>
    public double TargetUtilization { get; init; } = 0.7;

    /// <summary>The period the metric is averaged over in stable mode.</summary>
    public TimeSpan StableWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The panic window, in percent of <see cref="StableWindow"/>.</summary>
    public double PanicWindowPercent { get; init; } = 10;

    /// <summary>The replicas the panic window asks for, in percent of the ready replicas, at which panic mode starts.</summary>
    public double PanicThresholdPercent { get; init; } = 200;

    /// <summary>The fewest replicas; 0 lets the component scale to zero.</summary>
    public required int MinReplicas { get; init; }

    /// <summary>The most replicas; at least one and at least <see cref="MinReplicas"/>.</summary>
    public required int MaxReplicas { get; init; }

    /// <summary>At most this many times the ready replicas in one decision (but always one more).</summary>
    public double MaxScaleUpRate { get; init; } = 1000;

    /// <summary>At least the ready replicas divided by this in one decision (but always one fewer).</summary>
    public double MaxScaleDownRate { get; init; } = 2;

    /// <summary>How long a component with <see cref="MinReplicas"/> 0 keeps one replica after its last traffic.</summary>
    public TimeSpan ScaleToZeroGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a scale-down waits: the decision is the largest of this period's; zero for none.</summary>
    public TimeSpan ScaleDownDelay { get; init; } = TimeSpan.Zero;

    /// <summary>The replicas to run before the first measurement, held as a floor until that many were ready once.</summary>
    public int InitialReplicas { get; init; } = 1;

    /// <summary>The panic window: <see cref="PanicWindowPercent"/> of <see cref="StableWindow"/>, rounded to whole seconds and at least one, as Knative's <c>MakeMetric</c>.</summary>
    public TimeSpan PanicWindow => TimeSpan.FromSeconds(Math.Max(1, Math.Round(StableWindow.TotalSeconds * PanicWindowPercent / 100, MidpointRounding.AwayFromZero)));

    /// <summary>
    /// The settings for a component scaled by <paramref name="scaling"/>, resolved as Knative resolves a revision's
    /// annotations against its defaults (<c>ResolveMetricTarget</c>, <c>MakeMetric</c>, <c>GetInitialScale</c>).
    /// </summary>
    /// <remarks>
    /// With concurrency, a <paramref name="containerConcurrency"/> above zero is the target when none is given, and caps
    /// one that is (a replica cannot be asked for more than it admits). Cpu and memory are the HPA's metrics, not the
    /// KPA's: they become concurrency with its default target, and the caller says so. Values outside Knative's ranges
    /// (window 6 s to 1 h in whole seconds, panic window 1–100 %, threshold 110–1000 %, utilization 1–100 %) are brought
    /// to the nearest bound rather than refused: telling the user is the spec readers' job, and a running component
    /// is better scaled by the nearest valid setting than not at all. <paramref name="localMaxReplicas"/> bounds a
    /// component whose spec sets no maximum, since one machine cannot run Knative's unbounded count.
    /// </remarks>
    public static KpaSettings From(ScalingSpec scaling, int? containerConcurrency, int localMaxReplicas)
    {
        ArgumentNullException.ThrowIfNull(scaling);
        var concurrencyLimit = containerConcurrency is > 0 and var limit ? limit : 0;
        var (metric, target) = scaling.Metric switch
        {
            ScaleMetric.Rps => (ScaleMetric.Rps, (double?)scaling.Target ?? DefaultRpsTarget),
            ScaleMetric.Cpu or ScaleMetric.Memory => (ScaleMetric.Concurrency, ConcurrencyTarget(null, concurrencyLimit)),
            _ => (ScaleMetric.Concurrency, ConcurrencyTarget(scaling.Target, concurrencyLimit)),
        };

        var min = Math.Max(0, scaling.MinReplicas);
        var max = Math.Max(scaling.MaxReplicas ?? localMaxReplicas, Math.Max(min, 1));
        var window = TimeSpan.FromSeconds(Math.Round(scaling.Window?.TotalSeconds ?? 60, MidpointRounding.AwayFromZero));
        return new KpaSettings
        {
            Metric = metric,
            Target = target,
            TargetUtilization = Math.Clamp(scaling.TargetUtilizationPercent ?? 70, 1, 100) / 100.0,
            StableWindow = window < WindowMin ? WindowMin : window > WindowMax ? WindowMax : window,
            PanicWindowPercent = Math.Clamp(scaling.PanicWindowPercent ?? 10, 1, 100),
            PanicThresholdPercent = Math.Clamp(scaling.PanicThresholdPercent ?? 200, 110, 1000),
            MinReplicas = min,
            MaxReplicas = max,

            // Knative's initial scale defaults to one; zero (allow-zero-initial-scale) survives the clamp only when min is zero.
            InitialReplicas = Math.Clamp(scaling.InitialReplicas ?? Math.Max(min, 1), min, max),
        };
    }

    private static double ConcurrencyTarget(int? target, int concurrencyLimit) => (target, concurrencyLimit) switch
    {
        ({ } given, > 0) => Math.Min(given, concurrencyLimit),
        ({ } given, _) => given,
        (null, > 0) => concurrencyLimit,
        _ => DefaultConcurrencyTarget,
    };
}
