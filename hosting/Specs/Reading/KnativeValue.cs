using System.Globalization;

namespace Modelplane.Hosting.Specs.Reading;

/// <summary>
/// One autoscaling value checked as Knative's webhook checks it (Knative Serving's pkg/apis/autoscaling:
/// annotation_validation.go, with register.go's bounds): KServe's annotations, and ElasticServing's service fields, which
/// its controller writes into those annotations. A value out of Knative's range, or one Modelplane cannot keep, is
/// reported at <paramref name="line"/> and <paramref name="field"/> with what to write, rendered by
/// <paramref name="write"/> in the reader's syntax (<c>"60s"</c> for an annotation, <c>window: 60s</c> for a field).
/// </summary>
internal sealed class KnativeValue(SpecDocument document, int line, string field, Func<string, string> write)
{
    /// <summary>Knative's shortest stable window (register.go's <c>WindowMin</c>).</summary>
    public static readonly TimeSpan WindowMin = TimeSpan.FromSeconds(6);

    /// <summary>Knative's longest stable window, also the bound of its other periods (<c>WindowMax</c>).</summary>
    public static readonly TimeSpan WindowMax = TimeSpan.FromHours(1);

    /// <summary>A whole number from <paramref name="min"/> up (Knative's <c>getIntGE0</c>: 32-bit, no fraction).</summary>
    public int? Count(string text, int min)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min)
        {
            return number;
        }

        var example = Number(text) is { } value && value >= min && value <= int.MaxValue ? (int)Math.Round(value, MidpointRounding.AwayFromZero) : min;
        Error($"'{text}' is not a whole number at least {min}; write e.g. {Write(example)}");
        return null;
    }

    /// <summary>
    /// A percentage from <paramref name="min"/> to <paramref name="max"/>. Knative takes any number in its range;
    /// Modelplane keeps whole percentages (as the HPA and KServe's own fields do), so a fraction is refused with the
    /// nearest whole one to write.
    /// </summary>
    public int? Percent(string text, int min, int max, string what, int example)
    {
        if (Number(text) is not { } value)
        {
            Error($"'{text}' is not a number; write {what} from {min} to {max}, e.g. {Write(example)}");
            return null;
        }

        if (value < min || value > max)
        {
            Error($"{text} is outside {min} to {max}, Knative's range for {what}; write e.g. {Write(value < min ? min : max)}");
            return null;
        }

        if (value != Math.Round(value))
        {
            Error($"{text} is not a whole percentage, which Modelplane needs; write {Write((int)Math.Round(value, MidpointRounding.AwayFromZero))}");
            return null;
        }

        return (int)value;
    }

    /// <summary>
    /// The target value per replica: Knative takes any number from 0.01 (<c>TargetMin</c>); Modelplane keeps a whole
    /// number, as KServe's <c>scaleTarget</c> is, so a fraction or a target below 1 is refused with one to write.
    /// </summary>
    public int? Target(string text)
    {
        if (Number(text) is not { } value)
        {
            Error($"'{text}' is not a number; write the value each replica should carry, e.g. {Write(100)}");
            return null;
        }

        if (value < 0.01)
        {
            Error($"{text} is below 0.01, Knative's least target; write e.g. {Write(1)}");
            return null;
        }

        if (value < 1 || value != Math.Round(value) || value > int.MaxValue)
        {
            var whole = Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 1, int.MaxValue);
            Error($"{text} is not a whole number at least 1, which Modelplane keeps as the target (as KServe's scaleTarget); write {Write((int)whole)}");
            return null;
        }

        return (int)value;
    }

    /// <summary>Knative's target burst capacity: -1 for no limit, or any number from 0.</summary>
    public double? BurstCapacity(string text)
    {
        if (Number(text) is { } value && (value >= 0 || value == -1))
        {
            return value;
        }

        Error($"'{text}' is not -1 (no limit) or a number from 0; write e.g. {Write(200)}");
        return null;
    }

    /// <summary>
    /// A Go duration from <paramref name="min"/> to <paramref name="max"/>, in whole seconds when
    /// <paramref name="wholeSeconds"/> (Knative's window and scale-down delay; not its pod retention period).
    /// </summary>
    public TimeSpan? Duration(string text, TimeSpan min, TimeSpan max, bool wholeSeconds, string what, string example)
    {
        if (!GoDuration.TryParse(text, out var duration))
        {
            Error($"'{text}' is not a duration; write e.g. {write(example)}");
            return null;
        }

        if (duration < min || duration > max)
        {
            var range = $"{GoDuration.Format(min)} to {GoDuration.Format(max)}";
            Error($"{text} is outside {range}, Knative's range for {what}; write e.g. {write(GoDuration.Format(duration < min ? min : max))}");
            return null;
        }

        if (wholeSeconds && duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            var whole = TimeSpan.FromSeconds(Math.Max(Math.Truncate(duration.TotalSeconds), min.TotalSeconds));
            Error($"{text} is not a whole number of seconds, as Knative requires for {what}; write {write(GoDuration.Format(whole))}");
            return null;
        }

        return duration;
    }

    /// <summary>One of <paramref name="choices"/>; anything else is reported with the list.</summary>
    public T? Word<T>(string text, IReadOnlyList<(string Text, T Value)> choices)
        where T : struct
    {
        foreach (var (word, value) in choices)
        {
            if (string.Equals(word, text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        Error($"'{text}' is not one of {string.Join(", ", choices.Select(c => c.Text))}; write one of those");
        return null;
    }

    /// <summary>Reports a problem this type has no check for, at the same place.</summary>
    public void Error(string message) => document.Error(line, field, message);

    /// <summary>Reports a warning at the same place.</summary>
    public void Warning(string message) => document.Warning(line, field, message);

    /// <summary>Reports a note at the same place.</summary>
    public void Note(string message) => document.Note(line, field, message);

    private string Write(int value) => write(value.ToString(CultureInfo.InvariantCulture));

    // Go's strconv.ParseFloat: digits with an optional sign, fraction and exponent. Infinities and NaN, which it also
    // reads, are no setting anyone means, and Modelplane keeps none of them.
    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
}
