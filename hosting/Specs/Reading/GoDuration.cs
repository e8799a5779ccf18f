using System.Globalization;
using System.Text.RegularExpressions;

namespace Modelplane.Hosting.Specs.Reading;

/// <summary>Durations as Knative and Go write them: <c>60s</c>, <c>1m30s</c>, <c>500ms</c>, <c>1h</c>, <c>0</c>, <c>-5s</c>.</summary>
internal static partial class GoDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var sign = text.StartsWith('-') ? -1 : 1;
        var body = text.Length > 0 && text[0] is '-' or '+' ? text[1..] : text;

        // Go's time.ParseDuration takes a bare zero without a unit, and nothing else without one.
        if (body == "0")
        {
            return true;
        }

        var parts = Part().Matches(body);
        if (body.Length == 0 || parts.Sum(m => m.Length) != body.Length)
        {
            return false;
        }

        // Go refuses a duration past about 290 years; so does TimeSpan, a little later.
        var ticks = 0.0;
        foreach (Match part in parts)
        {
            var value = double.Parse(part.Groups["value"].Value, CultureInfo.InvariantCulture);
            ticks += value * part.Groups["unit"].Value switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                _ => 0.01,
            };
        }

        if (ticks >= long.MaxValue)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)ticks * sign);
        return true;
    }

    /// <summary>Writes <paramref name="duration"/> in its largest whole unit (<c>1h</c>, <c>2m</c>, <c>90s</c>, <c>500ms</c>), as Knative's examples do.</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        _ when duration == TimeSpan.Zero => "0s",
        _ when duration.Ticks % TimeSpan.TicksPerHour == 0 => string.Create(CultureInfo.InvariantCulture, $"{(long)duration.TotalHours}h"),
        _ when duration.Ticks % TimeSpan.TicksPerMinute == 0 => string.Create(CultureInfo.InvariantCulture, $"{(long)duration.TotalMinutes}m"),
        _ when duration.Ticks % TimeSpan.TicksPerSecond == 0 => string.Create(CultureInfo.InvariantCulture, $"{(long)duration.TotalSeconds}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.###}ms"),
    };

    [GeneratedRegex(@"(?<value>(\d+(\.\d*)?|\.\d+))(?<unit>ns|us|µs|ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
