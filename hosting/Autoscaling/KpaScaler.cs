using System.Globalization;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Autoscaling;

/// <summary>Knative's KPA arithmetic for one component: from per-second measurements to a replica count, on a clock the caller passes in.</summary>
/// <remarks>
/// <para>
/// Follows Knative Serving's autoscaler (<c>pkg/autoscaler/scaling/autoscaler.go</c>), its metric buckets
/// (<c>pkg/autoscaler/aggregation</c>) and the bounds its KPA reconciler applies (<c>pkg/reconciler/autoscaling/kpa</c>):
/// the stable and panic windows, panic mode and its end a stable window after the last trigger, the scale-up and
/// scale-down rates, the scale-down delay, min and max, and the initial scale held until it was once reached. Record a
/// bucket every second while the component exists, zeros included: a second without a bucket between two buckets
/// counts as zero, but the seconds after the newest do not, as in Knative.
/// </para>
/// <para>
/// Simplified from Knative: the activator and the serverless service's proxy mode are not modelled. Knative scales to
/// zero once the stable window has averaged zero, the revision has been active for a stable window, and the activator
/// has been in the path for the grace period (<c>handleScaleToZero</c>); here zero needs the same zero average and the
/// grace period since the last traffic, the last <see cref="Poke"/> or the start (when it starts with replicas), and one
/// replica is kept until then. A poke counts as traffic, which is how scale-from-zero gets its first replica before any
/// bucket shows the waiting request. No data before the first bucket means the initial replicas, where Knative's
/// reconciler would keep whatever the deployment was created with. A new scaler does not start in panic mode (Knative
/// does when it finds more than one ready pod, having lost its history in a restart; this one has none to lose). The
/// activation scale, target burst capacity and the weighted-average window of Knative are not offered.
/// </para>
/// </remarks>
public sealed class KpaScaler
{
    private static readonly TimeSpan MinimumWindow = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private KpaSettings _settings;
    private readonly TimeSpan _start;
    private readonly double _targetValue;
    private readonly TimedBuckets _stable;
    private readonly TimedBuckets _panic;
    private readonly MaxTimeWindow? _delay;

    private bool _recorded;
    private TimeSpan? _lastTraffic;
    private TimeSpan? _lastPoke;
    private bool _initialScaleReached;
    private TimeSpan? _panicTime;
    private int _maxPanicReplicas;

    public KpaScaler(KpaSettings settings, TimeSpan start)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (Problem(settings) is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        _settings = settings;
        _start = start;

        // Knative's TargetMin: a smaller target would ask for replicas without bound.
        _targetValue = Math.Max(0.01, settings.Target * settings.TargetUtilization);
        _stable = new TimedBuckets(settings.StableWindow);
        _panic = new TimedBuckets(settings.PanicWindow);
        _delay = settings.ScaleDownDelay > TimeSpan.Zero ? new MaxTimeWindow(settings.ScaleDownDelay) : null;
    }

    /// <summary>
    /// Changes the fewest and the most replicas from the next decision on (the dashboard's "Set replicas"), keeping what
    /// the windows have seen; an initial scale outside the new range is brought into it.
    /// </summary>
    public void SetRange(int min, int max)
    {
        lock (_lock)
        {
            var settings = _settings with { MinReplicas = min, MaxReplicas = max, InitialReplicas = Math.Clamp(_settings.InitialReplicas, min, Math.Max(min, max)) };
            if (Problem(settings) is { } problem)
            {
                throw new ArgumentException(problem);
            }

            _settings = settings;
        }
    }

    /// <summary>
    /// Records the second observed at <paramref name="at"/>: its time-weighted average <paramref name="concurrency"/> in
    /// total over the component's replicas (requests held waiting for a replica included) and the
    /// <paramref name="requests"/> that arrived in it. Two records in one second add up.
    /// </summary>
    public void Record(TimeSpan at, double concurrency, double requests)
    {
        NonNegative(concurrency, nameof(concurrency));
        NonNegative(requests, nameof(requests));
        var value = _settings.Metric == ScaleMetric.Rps ? requests : concurrency;
        lock (_lock)
        {
            _stable.Record(at, value);
            _panic.Record(at, value);
            _recorded = true;
            if (concurrency > 0 || requests > 0)
            {
                _lastTraffic = Later(_lastTraffic, at);
            }
        }
    }

    /// <summary>
    /// Says that a request is waiting at a component with no replica (Knative's activator poking the autoscaler): it
    /// counts as traffic at <paramref name="at"/>, so the next <see cref="Decide"/> asks for at least one replica.
    /// </summary>
    public void Poke(TimeSpan at)
    {
        lock (_lock)
        {
            _lastPoke = Later(_lastPoke, at);
        }
    }

    /// <summary>The replicas the component should run at <paramref name="now"/>, given the <paramref name="readyReplicas"/> it has.</summary>
    public ScaleDecision Decide(TimeSpan now, int readyReplicas)
    {
        lock (_lock)
        {
            return DecideLocked(now, Math.Max(0, readyReplicas));
        }
    }

    private ScaleDecision DecideLocked(TimeSpan now, int readyReplicas)
    {
        var reasons = new List<string>();

        // Knative's reconciler raises min to the initial scale until the component has reached it once, and learns
        // that it has only after scaling (computeActiveCondition follows scale), so this decision still holds it.
        var holdInitial = !_initialScaleReached && _settings.InitialReplicas > 1 && _settings.InitialReplicas > _settings.MinReplicas;
        if (readyReplicas >= Math.Max(_settings.MinReplicas, _settings.InitialReplicas))
        {
            _initialScaleReached = true;
        }

        if (!_recorded)
        {
            var initial = Math.Clamp(_settings.InitialReplicas, _settings.MinReplicas, _settings.MaxReplicas);
            reasons.Add(Text($"no data yet: initial {initial}"));
            return Finish(now, initial, panicking: false, 0, 0, reasons);
        }

        var stable = _stable.WindowAverage(now);
        var panic = _panic.WindowAverage(now);

        // Knative counts no ready pod as one, so that a component at zero can still grow.
        var ready = Math.Max(1.0, readyReplicas);
        var maxUp = Math.Min(Math.Ceiling(_settings.MaxScaleUpRate * ready), int.MaxValue);
        var maxDown = Math.Floor(ready / _settings.MaxScaleDownRate);
        var stableWants = Math.Ceiling(stable / _targetValue);
        var panicWants = Math.Ceiling(panic / _targetValue);
        var desiredStable = (int)Math.Min(Math.Max(stableWants, maxDown), maxUp);
        var desiredPanic = (int)Math.Min(Math.Max(panicWants, maxDown), maxUp);

        var threshold = _settings.PanicThresholdPercent / 100;
        var overThreshold = panicWants / ready >= threshold;
        if (overThreshold)
        {
            // Starts panic mode, or extends it while the surge lasts.
            _panicTime = now;
        }
        else if (_panicTime is { } since && since + _settings.StableWindow < now)
        {
            // The surge has made its way into the stable window.
            _panicTime = null;
            _maxPanicReplicas = 0;
        }

        var unit = _settings.Metric == ScaleMetric.Rps ? "rps" : "concurrent";
        int desired;
        if (_panicTime is not { } panicSince)
        {
            reasons.Add(Text($"stable: {stable:0.0} {unit} over {Seconds(_settings.StableWindow)} s / ({_settings.Target:0.##} × {_settings.TargetUtilization * 100:0.#}%) → {Replicas(stableWants)}"));
            desired = Limited(reasons, stableWants, desiredStable, ready);
        }
        else
        {
            reasons.Add(overThreshold
                ? Text($"panic: {panic:0.0} {unit} over {Seconds(_settings.PanicWindow)} s ≥ {threshold:0.##}× {ready} ready → {Replicas(Math.Max(stableWants, panicWants))}")
                : Text($"panic for {Seconds(_settings.StableWindow)} s after the last trigger {Seconds(now - panicSince)} s ago: {panic:0.0} {unit} over {Seconds(_settings.PanicWindow)} s → {Replicas(Math.Max(stableWants, panicWants))}"));

            // The stable window can ask for more than the panic window; panic provisions for both.
            var wanted = Limited(reasons, Math.Max(stableWants, panicWants), Math.Max(desiredStable, desiredPanic), ready);
            if (wanted > _maxPanicReplicas)
            {
                _maxPanicReplicas = wanted;
            }
            else if (wanted < _maxPanicReplicas)
            {
                reasons.Add(Text($"no scale-down in panic: holding {_maxPanicReplicas}"));
            }

            desired = _maxPanicReplicas;
        }

        if (_delay is not null)
        {
            _delay.Record(now, desired);
            if (_delay.Current != desired)
            {
                desired = _delay.Current;
                reasons.Add(Text($"scale-down delay {Seconds(_settings.ScaleDownDelay)} s holds {desired}"));
            }
        }

        var (min, minReason) = holdInitial
            ? (_settings.InitialReplicas, Text($"initial {_settings.InitialReplicas} until {_settings.InitialReplicas} ready"))
            : (_settings.MinReplicas, Text($"min {_settings.MinReplicas}"));
        if (desired < min)
        {
            desired = min;
            reasons.Add(minReason);
        }

        if (desired > _settings.MaxReplicas)
        {
            desired = _settings.MaxReplicas;
            reasons.Add(Text($"max {_settings.MaxReplicas}"));
        }

        return Finish(now, desired, _panicTime is not null, stable, panic, reasons);
    }

    /// <summary>Keeps one replica while traffic, a poke or the start is within the grace period; zero stays zero after it.</summary>
    private ScaleDecision Finish(TimeSpan now, int desired, bool panicking, double stable, double panic, List<string> reasons)
    {
        if (desired == 0)
        {
            var demand = LastDemand();
            if (demand is { } last && now - last.At < _settings.ScaleToZeroGracePeriod)
            {
                desired = 1;
                reasons.Add(Text($"{last.What} {Seconds(now - last.At)} s ago, within the {Seconds(_settings.ScaleToZeroGracePeriod)} s grace → 1"));
            }
            else
            {
                reasons.Add(demand is { } idle ? Text($"no traffic for {Seconds(now - idle.At)} s → 0") : "no traffic → 0");
            }
        }

        return new ScaleDecision(desired, panicking, stable, panic, string.Join("; ", reasons));
    }

    private (TimeSpan At, string What)? LastDemand()
    {
        (TimeSpan At, string What)? latest = _settings.InitialReplicas > 0 ? (_start, "started") : null;
        if (_lastTraffic is { } traffic && (latest is null || traffic >= latest.Value.At))
        {
            latest = (traffic, "last traffic");
        }

        if (_lastPoke is { } poke && (latest is null || poke >= latest.Value.At))
        {
            latest = (poke, "a request waiting for a replica");
        }

        return latest;
    }

    /// <summary>The replicas after Knative's rate limits, with a reason when they changed <paramref name="wanted"/>.</summary>
    private int Limited(List<string> reasons, double wanted, int limited, double ready)
    {
        if (limited > wanted)
        {
            reasons.Add(Text($"scale-down at most ÷{_settings.MaxScaleDownRate:0.##} from {ready} ready → {limited}"));
        }
        else if (limited < wanted)
        {
            reasons.Add(Text($"scale-up at most ×{_settings.MaxScaleUpRate:0.##} from {ready} ready → {limited}"));
        }

        return limited;
    }

    /// <summary>The first setting outside what the arithmetic can work with, described; null when there is none.</summary>
    private static string? Problem(KpaSettings settings)
    {
        var rules = new (bool Holds, string Setting, object Value, string Rule)[]
        {
            (settings.Target > 0, nameof(KpaSettings.Target), settings.Target, "above 0"),
            (settings.TargetUtilization is > 0 and <= 1, nameof(KpaSettings.TargetUtilization), settings.TargetUtilization, "in (0, 1]"),
            (settings.StableWindow >= MinimumWindow, nameof(KpaSettings.StableWindow), settings.StableWindow, "at least 1 s"),
            (settings.PanicWindowPercent is > 0 and <= 100, nameof(KpaSettings.PanicWindowPercent), settings.PanicWindowPercent, "in (0, 100]"),
            (settings.PanicThresholdPercent > 0, nameof(KpaSettings.PanicThresholdPercent), settings.PanicThresholdPercent, "above 0"),
            (settings.MinReplicas >= 0, nameof(KpaSettings.MinReplicas), settings.MinReplicas, "at least 0"),
            (settings.MaxReplicas >= Math.Max(settings.MinReplicas, 1), nameof(KpaSettings.MaxReplicas), settings.MaxReplicas, "at least 1 and at least MinReplicas"),

            // A rate of 1 would keep the count where it is forever; Knative refuses it too.
            (settings.MaxScaleUpRate > 1, nameof(KpaSettings.MaxScaleUpRate), settings.MaxScaleUpRate, "above 1"),
            (settings.MaxScaleDownRate > 1, nameof(KpaSettings.MaxScaleDownRate), settings.MaxScaleDownRate, "above 1"),
            (settings.ScaleToZeroGracePeriod > TimeSpan.Zero, nameof(KpaSettings.ScaleToZeroGracePeriod), settings.ScaleToZeroGracePeriod, "above 0"),
            (settings.ScaleDownDelay >= TimeSpan.Zero, nameof(KpaSettings.ScaleDownDelay), settings.ScaleDownDelay, "at least 0"),
            (settings.InitialReplicas >= 0, nameof(KpaSettings.InitialReplicas), settings.InitialReplicas, "at least 0"),
        };
        return rules.FirstOrDefault(r => !r.Holds) is { Setting: { } setting } broken
            ? Text($"KpaSettings.{setting} is {broken.Value}; it must be {broken.Rule}")
            : null;
    }

    private static void NonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "a measurement must be a finite number, at least 0");
        }
    }

    private static TimeSpan Later(TimeSpan? known, TimeSpan at) => known is { } k && k > at ? k : at;

    private static string Replicas(double count) => count == 1 ? "1 replica" : Text($"{count} replicas");

    private static string Seconds(TimeSpan span) => Text($"{span.TotalSeconds:0.#}");

    private static string Text(FormattableString text) => FormattableString.Invariant(text);
}
