using System.Globalization;
using System.Text.RegularExpressions;
using Modelplane.Bench.Reporting;

namespace Modelplane.Bench.H2load;

/// <summary>Reads h2load's closing report and its <c>--log-file</c> of per-request times.</summary>
internal static partial class H2loadOutputParser
{
    public static H2loadCounts Parse(string output)
    {
        var finished = Required(Finished(), output, "finished in ..., N req/s");
        var requests = Required(RequestCounts(), output, "requests: N total, ...");
        var statuses = Required(StatusCodes(), output, "status codes: ...");
        var traffic = Required(Traffic(), output, "traffic: ...");
        return new H2loadCounts(
            RequestsPerSecond: double.Parse(finished.Groups["rps"].Value, NumberStyles.Float, CultureInfo.InvariantCulture),
            Done: Long(requests, "done"),
            Succeeded: Long(requests, "succeeded"),
            Failed: Long(requests, "failed"),
            Errored: Long(requests, "errored"),
            TimedOut: Long(requests, "timeout"),
            Status2xx: Long(statuses, "s2"),
            Status3xx: Long(statuses, "s3"),
            Status4xx: Long(statuses, "s4"),
            Status5xx: Long(statuses, "s5"),
            DataBytes: Long(traffic, "data"));
    }

    /// <summary>
    /// The per-request times of a <c>--log-file</c> (tab-separated: start in µs since the epoch, HTTP status, µs to the end
    /// of the response), in milliseconds, sorted; only requests that got a status, since a failed stream logs -1.
    /// </summary>
    public static double[] ReadLatencies(IEnumerable<string> logLines)
    {
        var latencies = new List<double>();
        foreach (var line in logLines)
        {
            var columns = line.Split('\t');
            if (columns.Length < 3
                || !int.TryParse(columns[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var status)
                || !long.TryParse(columns[2], NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds))
            {
                throw new BenchmarkException($"h2load's request log has a line that is not 'start<TAB>status<TAB>microseconds': '{line}'");
            }

            if (status > 0)
            {
                latencies.Add(microseconds / 1000.0);
            }
        }

        latencies.Sort();
        return [.. latencies];
    }

    /// <summary>The nearest-rank percentile of the latencies h2load logged (<see cref="NearestRank"/>).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent) => sorted.Count == 0
        ? throw new BenchmarkException("h2load logged no completed request, so there is no latency to report")
        : NearestRank.Percentile(sorted, percent);

    private static Match Required(Regex pattern, string output, string what) =>
        pattern.Match(output) is { Success: true } match
            ? match
            : throw new BenchmarkException($"h2load's output has no '{what}' line:\n{output}");

    private static long Long(Match match, string group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^finished in [^,]+, (?<rps>[0-9.]+) req/s", RegexOptions.Multiline)]
    private static partial Regex Finished();

    [GeneratedRegex(
        @"^requests: (?<total>\d+) total, (?<started>\d+) started, (?<done>\d+) done, (?<succeeded>\d+) succeeded, (?<failed>\d+) failed, (?<errored>\d+) errored, (?<timeout>\d+) timeout",
        RegexOptions.Multiline)]
    private static partial Regex RequestCounts();

    [GeneratedRegex(@"^status codes: (?<s2>\d+) 2xx, (?<s3>\d+) 3xx, (?<s4>\d+) 4xx, (?<s5>\d+) 5xx", RegexOptions.Multiline)]
    private static partial Regex StatusCodes();

    [GeneratedRegex(@"^traffic: .*?, [0-9.]+[KMG]?B \((?<data>\d+)\) data\s*$", RegexOptions.Multiline)]
    private static partial Regex Traffic();
}
