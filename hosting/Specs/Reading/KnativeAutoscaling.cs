using System.Globalization;

namespace Modelplane.Hosting.Specs.Reading;

/// <summary>
/// Knative's autoscaling annotations that have no KServe field (initial scale, target utilization, window, panic
/// window and threshold, autoscaler class). KServe passes them to its components; they are read into the scaling
/// spec, so a KServe publisher writes them back from one place and reading its output gives the same model.
/// </summary>
internal static class KnativeAutoscaling
{
    private const string Prefix = "autoscaling.knative.dev/";

    /// <summary>
    /// Moves the autoscaling annotations of <paramref name="annotations"/> into <paramref name="scaling"/>; the rest stay
    /// annotations. Bad values are reported at <paramref name="path"/> and <paramref name="line"/>.
    /// </summary>
    public static (ScalingSpec Scaling, EquatableDictionary Others) Read(ScalingSpec scaling, EquatableDictionary annotations, SpecDocument document, string path, int line)
    {
        var rest = new List<KeyValuePair<string, string>>();
        foreach (var entry in annotations)
        {
            var field = $"{path}.{entry.Key}";
            switch (entry.Key.StartsWith(Prefix, StringComparison.Ordinal) ? entry.Key[Prefix.Length..] : string.Empty)
            {
                case "initial-scale":
                    scaling = scaling with { InitialReplicas = Number(entry.Value, 0, int.MaxValue, document, field, line) };
                    break;
                case "target-utilization-percentage":
                    scaling = scaling with { TargetUtilizationPercent = Number(entry.Value, 1, 100, document, field, line) };
                    break;
                case "panic-window-percentage":
                    scaling = scaling with { PanicWindowPercent = Number(entry.Value, 1, 100, document, field, line) };
                    break;
                case "panic-threshold-percentage":
                    scaling = scaling with { PanicThresholdPercent = Number(entry.Value, 110, 1000, document, field, line) };
                    break;
                case "window":
                    scaling = scaling with { Window = Duration(entry.Value, document, field, line) };
                    break;
                case "class":
                    scaling = scaling with { Autoscaler = Class(entry.Value, document, field, line) };
                    break;
                default:
                    rest.Add(entry);
                    break;
            }
        }

        return (scaling, EquatableDictionary.From(rest));
    }

    /// <summary>Takes the fields this reads from <paramref name="defaults"/> where <paramref name="scaling"/> leaves them unset.</summary>
    public static ScalingSpec Underlay(ScalingSpec scaling, ScalingSpec defaults) => scaling with
    {
        InitialReplicas = scaling.InitialReplicas ?? defaults.InitialReplicas,
        TargetUtilizationPercent = scaling.TargetUtilizationPercent ?? defaults.TargetUtilizationPercent,
        PanicWindowPercent = scaling.PanicWindowPercent ?? defaults.PanicWindowPercent,
        PanicThresholdPercent = scaling.PanicThresholdPercent ?? defaults.PanicThresholdPercent,
        Window = scaling.Window ?? defaults.Window,
        Autoscaler = scaling.Autoscaler ?? defaults.Autoscaler,
    };

    private static int? Number(string value, int min, int max, SpecDocument document, string field, int line)
    {
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        var range = max == int.MaxValue ? $"at least {min}" : $"between {min} and {max}";
        document.Error(line, field, $"'{value}' is not a whole number {range}; write e.g. \"{min}\"");
        return null;
    }

    private static TimeSpan? Duration(string value, SpecDocument document, string field, int line)
    {
        if (GoDuration.TryParse(value, out var duration))
        {
            return duration;
        }

        document.Error(line, field, $"'{value}' is not a duration; write e.g. \"60s\"");
        return null;
    }

    private static AutoscalerClass? Class(string value, SpecDocument document, string field, int line)
    {
        switch (value)
        {
            case "kpa.autoscaling.knative.dev":
                return AutoscalerClass.Kpa;
            case "hpa.autoscaling.knative.dev":
                return AutoscalerClass.Hpa;
            default:
                document.Error(line, field, $"'{value}' is not one of kpa.autoscaling.knative.dev, hpa.autoscaling.knative.dev; write one of those");
                return null;
        }
    }
}
