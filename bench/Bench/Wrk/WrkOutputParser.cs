using System.Globalization;
using System.Text.RegularExpressions;

namespace Modelplane.Bench.Wrk;

/// <summary>Reads the figures out of wrk's <c>--latency</c> report.</summary>
internal static partial class WrkOutputParser
{
    public static WrkResult Parse(string output)
    {
        var requestsPerSecond = Number(Required(RequestsPerSecond(), output, "Requests/sec"));
        var requests = long.Parse(Required(RequestCount(), output, "N requests in"), CultureInfo.InvariantCulture);
        var p50 = Percentile(output, "50");
        var p99 = Percentile(output, "99");

        // wrk prints these two lines only when something went wrong, so their absence means zero.
        var non2xx = Non2xx().Match(output) is { Success: true } bad ? long.Parse(bad.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(output);
        var socketErrors = socket.Success
            ? Enumerable.Range(1, 4).Sum(g => long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture))
            : 0;

        return new WrkResult(requestsPerSecond, requests, p50, p99, non2xx, socketErrors, socket.Success ? socket.Value.Trim() : "none");
    }

    /// <summary>wrk prints times as <c>412.00us</c>, <c>1.55ms</c>, <c>2.01s</c>, <c>1.00m</c>.</summary>
    internal static double ToMilliseconds(string value, string unit) => Number(value) * unit switch
    {
        "us" => 0.001,
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => throw new BenchmarkException($"wrk printed a time in an unknown unit '{unit}'"),
    };

    private static double Percentile(string output, string percent)
    {
        var distribution = output.IndexOf("Latency Distribution", StringComparison.Ordinal);
        if (distribution < 0)
        {
            throw new BenchmarkException($"wrk's output has no 'Latency Distribution' (was --latency passed?):\n{output}");
        }

        var match = PercentileLine().Matches(output[distribution..]).FirstOrDefault(m => m.Groups["percent"].Value == percent)
            ?? throw new BenchmarkException($"wrk's output has no {percent}% latency:\n{output}");
        return ToMilliseconds(match.Groups["value"].Value, match.Groups["unit"].Value);
    }

    private static string Required(Regex pattern, string output, string what) =>
        pattern.Match(output) is { Success: true } match
            ? match.Groups[1].Value
            : throw new BenchmarkException($"wrk's output has no '{what}' line:\n{output}");

    private static double Number(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Requests/sec:\s+([0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s*(\d+) requests in ", RegexOptions.Multiline)]
    private static partial Regex RequestCount();

    [GeneratedRegex(@"^\s*(?<percent>\d+)%\s+(?<value>[0-9.]+)(?<unit>[a-z]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex PercentileLine();

    [GeneratedRegex(@"^\s*Non-2xx or 3xx responses:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
