using System.Globalization;

namespace Modelplane.Hosting.Specs.Reading;

/// <summary>
/// Knative's autoscaling annotations (<c>autoscaling.knative.dev/*</c>) on a KServe InferenceService and its components.
/// Those the scaling spec has a field for are read into it, so a KServe publisher writes them back from one place and
/// reading its output gives the same model; the rest stay annotations. Each is checked as Knative's webhook checks it
/// (<see cref="KnativeValue"/>), and as KServe combines it with its own fields, so the autoscaler never has to bend a
/// value it was given.
/// </summary>
internal static class KnativeAutoscaling
{
    private const string Prefix = "autoscaling.knative.dev/";
    private const string HpaClass = "hpa.autoscaling.knative.dev";

    // Knative's names before its kebab-case ones, which it still reads when the current name is absent (register.go's KeyPriority).
    private static readonly Dictionary<string, string> EarlierNames = new(StringComparer.Ordinal)
    {
        ["minScale"] = "min-scale",
        ["maxScale"] = "max-scale",
        ["initialScale"] = "initial-scale",
        ["scaleDownDelay"] = "scale-down-delay",
        ["scaleToZeroPodRetentionPeriod"] = "scale-to-zero-pod-retention-period",
        ["metricAggregationAlgorithm"] = "metric-aggregation-algorithm",
        ["targetBurstCapacity"] = "target-burst-capacity",
        ["targetUtilizationPercentage"] = "target-utilization-percentage",
        ["panicWindowPercentage"] = "panic-window-percentage",
        ["panicThresholdPercentage"] = "panic-threshold-percentage",
    };

    private static readonly string[] Names =
    [
        "class", "metric", "target", "target-utilization-percentage", "target-burst-capacity", "window", "panic-window-percentage",
        "panic-threshold-percentage", "min-scale", "max-scale", "initial-scale", "activation-scale", "scale-down-delay",
        "scale-to-zero-pod-retention-period", "metric-aggregation-algorithm",
    ];

    private static readonly (string Text, AutoscalerClass Value)[] Classes =
        [("kpa.autoscaling.knative.dev", AutoscalerClass.Kpa), (HpaClass, AutoscalerClass.Hpa)];

    private static readonly (string Text, ScaleMetric Value)[] Metrics =
        [("concurrency", ScaleMetric.Concurrency), ("rps", ScaleMetric.Rps), ("cpu", ScaleMetric.Cpu), ("memory", ScaleMetric.Memory)];

    private static readonly (string Text, bool Value)[] Algorithms = [("linear", true), ("weighted-exponential", true), ("weightedExponential", true)];

    /// <summary>
    /// Reads the autoscaling annotations among <paramref name="annotations"/>, written where <paramref name="entries"/>
    /// say, over <paramref name="scaling"/>: a component's KServe fields, or nothing for the object (<paramref name="service"/>).
    /// KServe sets Knative's target and metric from <c>scaleTarget</c> and <c>scaleMetric</c> when they are given, and
    /// its min-scale and max-scale always from <c>minReplicas</c> and <c>maxReplicas</c>; those annotations are then
    /// not read, and the reader is told what to write instead.
    /// </summary>
    public static KnativeRead Read(ScalingSpec scaling, EquatableDictionary annotations, IReadOnlyDictionary<string, WrittenEntry> entries, SpecDocument document, bool service)
    {
        var others = new List<KeyValuePair<string, string>>();
        var applied = new Dictionary<string, WrittenEntry>(StringComparer.Ordinal);
        var hpa = annotations.Find(Prefix + "class") == HpaClass;
        foreach (var (key, text) in annotations.OrderBy(a => entries.GetValueOrDefault(a.Key)?.Line ?? 0))
        {
            var at = entries.GetValueOrDefault(key) ?? new WrittenEntry(key, 0, Plain: false);
            var check = new KnativeValue(document, at.Line, at.Field, value => $"\"{value}\"");
            var name = key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : null;
            var current = name is null ? null : EarlierNames.GetValueOrDefault(name);
            if (name is null || !Quoted(text, at, check))
            {
                others.Add(new(key, text));
                continue;
            }

            if (current is not null && annotations.ContainsKey(Prefix + current))
            {
                check.Warning($"is not read: {Prefix}{current}, its current name, is given too, and Knative reads that one; remove this one");
                others.Add(new(key, text));
                continue;
            }

            name = current ?? name;
            var before = scaling;
            switch (name)
            {
                case "class":
                    scaling = scaling with { Autoscaler = check.Word(text, Classes) };
                    break;
                case "metric" when scaling.Metric is { } field:
                    if (check.Word(text, Metrics) is not null)
                    {
                        check.Warning($"is not read: KServe sets Knative's metric from this component's scaleMetric ({Word(field)}); remove one of them");
                    }

                    break;
                case "metric":
                    scaling = scaling with { Metric = check.Word(text, Metrics) };
                    break;
                case "target" when scaling.Target is { } field:
                    if (check.Target(text) is not null)
                    {
                        check.Warning($"is not read: KServe sets Knative's target from this component's scaleTarget ({field}); remove one of them");
                    }

                    break;
                case "target":
                    scaling = scaling with { Target = check.Target(text) };
                    break;
                case "target-utilization-percentage":
                    scaling = scaling with { TargetUtilizationPercent = check.Percent(text, 1, 100, "the target utilization", 70) };
                    break;
                case "panic-window-percentage":
                    scaling = scaling with { PanicWindowPercent = check.Percent(text, 1, 100, "the panic window, in percent of the stable window", 10) };
                    break;
                case "panic-threshold-percentage":
                    scaling = scaling with { PanicThresholdPercent = check.Percent(text, 110, 1000, "the panic threshold, in percent of the target", 200) };
                    break;
                case "window":
                    scaling = scaling with { Window = check.Duration(text, KnativeValue.WindowMin, KnativeValue.WindowMax, wholeSeconds: true, "the stable window", "60s") };
                    break;
                case "initial-scale":
                    scaling = scaling with { InitialReplicas = check.Count(text, 0) };
                    break;
                case "min-scale" or "max-scale":
                    if (check.Count(text, 0) is { } bound)
                    {
                        var (field, absent) = name == "min-scale" ? ("minReplicas", "1 when absent") : ("maxReplicas", "no bound when absent or 0");
                        var where = service ? "on each component" : "on this component";
                        check.Warning($"is not read: KServe sets Knative's {name} from {field} ({absent}); write {field}: {bound} {where} instead");
                    }

                    break;
                case "activation-scale":
                    Unused(check.Count(text, 2) is not null);
                    break;
                case "scale-down-delay":
                    Unused(check.Duration(text, TimeSpan.Zero, KnativeValue.WindowMax, wholeSeconds: true, "the scale-down delay", "5m") is not null);
                    break;
                case "scale-to-zero-pod-retention-period":
                    Unused(check.Duration(text, TimeSpan.Zero, KnativeValue.WindowMax, wholeSeconds: false, "the last replica's retention period", "1m") is not null);
                    break;
                case "target-burst-capacity":
                    Unused(check.BurstCapacity(text) is not null);
                    break;
                case "metric-aggregation-algorithm":
                    // Knative checks the algorithm only for its own autoscaler; the HPA ignores it.
                    Unused(hpa || check.Word(text, Algorithms) is not null);
                    break;
                default:
                    var guess = Names.FirstOrDefault(n => Squashed(n) == Squashed(name));
                    check.Warning($"is not an annotation Knative reads, so it does nothing{(guess is null ? string.Empty : $"; did you mean {Prefix}{guess}?")}");
                    break;
            }

            if (Equals(before, scaling))
            {
                others.Add(new(key, text));
            }
            else
            {
                applied[name] = at;
            }

            void Unused(bool valid)
            {
                if (valid)
                {
                    check.Note("is checked as Knative checks it and kept for publishing; the local autoscaler does not use it");
                }
            }
        }

        var read = new KnativeRead(scaling, EquatableDictionary.From(others), applied);
        if (service)
        {
            CheckMetric(read, KnativeRead.None, document);
        }

        return read;
    }

    /// <summary>
    /// A KServe component's scaling: its fields and own annotations (<paramref name="component"/>) over the object's
    /// annotations (<paramref name="service"/>), as KServe merges them into the Knative revision. What only the whole
    /// shows is checked here: a metric Knative's KPA does not measure, an initial scale outside the replica bounds, and a
    /// target above the concurrency that caps it.
    /// </summary>
    public static ScalingSpec Complete(KnativeRead component, KnativeRead service, int? containerConcurrency, YamlMap map)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(map);
        var own = component.Scaling;
        var defaults = service.Scaling;
        var scaling = own with
        {
            InitialReplicas = own.InitialReplicas ?? defaults.InitialReplicas,
            Target = own.Target ?? defaults.Target,
            Metric = own.Metric ?? defaults.Metric,
            TargetUtilizationPercent = own.TargetUtilizationPercent ?? defaults.TargetUtilizationPercent,
            PanicWindowPercent = own.PanicWindowPercent ?? defaults.PanicWindowPercent,
            PanicThresholdPercent = own.PanicThresholdPercent ?? defaults.PanicThresholdPercent,
            Window = own.Window ?? defaults.Window,
            Autoscaler = own.Autoscaler ?? defaults.Autoscaler,
        };

        var document = map.Document;
        if (component.Applied.ContainsKey("metric") || component.Applied.ContainsKey("class"))
        {
            CheckMetric(component, service, document);
        }

        var initialAt = component.Applied.GetValueOrDefault("initial-scale") ?? service.Applied.GetValueOrDefault("initial-scale");
        if (scaling.InitialReplicas is { } initial && initialAt is not null)
        {
            if (initial < scaling.MinReplicas)
            {
                var why = map.Has("minReplicas") ? string.Empty : " (KServe's default)";
                document.Warning(initialAt.Line, initialAt.Field, $"{initial} is below {map.Field("minReplicas")} {scaling.MinReplicas}{why}, so Knative starts with {scaling.MinReplicas}; lower minReplicas or raise this");
            }
            else if (scaling.MaxReplicas is { } max && initial > max)
            {
                document.Warning(initialAt.Line, initialAt.Field, $"{initial} is above {map.Field("maxReplicas")} {max}, so Knative starts with {max}; raise maxReplicas or lower this");
            }
        }

        // Knative aims a concurrency target at no more than a replica admits (ResolveMetricTarget).
        var targetAt = map.Has("scaleTarget")
            ? new WrittenEntry(map.Field("scaleTarget"), map.LineOf("scaleTarget"), Plain: true)
            : component.Applied.GetValueOrDefault("target") ?? service.Applied.GetValueOrDefault("target");
        if (scaling is { Target: { } target, Metric: null or ScaleMetric.Concurrency } && containerConcurrency is int limit and > 0 && target > limit && targetAt is not null)
        {
            document.Warning(targetAt.Line, targetAt.Field, $"{target} is more than {map.Field("containerConcurrency")} {limit}, which caps the target as Knative does: the autoscaler aims at {limit}; lower the target or raise containerConcurrency");
        }

        return scaling;
    }

    // Knative's KPA measures concurrency and rps; cpu and memory need the HPA class (annotation_validation.go's validateMetric).
    // KServe's scaleMetric field is not Knative's to check: KServe takes cpu and memory for its raw deployments.
    private static void CheckMetric(KnativeRead component, KnativeRead service, SpecDocument document)
    {
        var fromField = component.Scaling.Metric is not null && !component.Applied.ContainsKey("metric");
        var metric = component.Scaling.Metric ?? service.Scaling.Metric;
        var metricAt = component.Applied.GetValueOrDefault("metric") ?? service.Applied.GetValueOrDefault("metric");
        if (fromField || metric is not (ScaleMetric.Cpu or ScaleMetric.Memory) || metricAt is null
            || (component.Scaling.Autoscaler ?? service.Scaling.Autoscaler) == AutoscalerClass.Hpa)
        {
            return;
        }

        if (component.Applied.GetValueOrDefault("class") is { } classAt && !component.Applied.ContainsKey("metric"))
        {
            document.Error(classAt.Line, classAt.Field, $"Knative's KPA does not measure {Word(metric.Value)}, the metric {metricAt.Field} sets; write \"{HpaClass}\", or give this component the metric concurrency or rps");
            return;
        }

        document.Error(metricAt.Line, metricAt.Field, $"{Word(metric.Value)} is measured by Kubernetes' HPA, which Knative uses only with {Prefix}class: \"{HpaClass}\"; write \"concurrency\" or \"rps\", or set that class");
    }

    // Kubernetes keeps annotations as text: an unquoted number is refused by the API server before Knative sees it.
    private static bool Quoted(string text, WrittenEntry at, KnativeValue check)
    {
        if (!at.Plain || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return true;
        }

        check.Error($"expected text, got the number {text}: Kubernetes annotations are text, so quote it: \"{text}\"");
        return false;
    }

    private static string Word(ScaleMetric metric) => Metrics.First(m => m.Value == metric).Text;

    private static string Squashed(string name) => name.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
