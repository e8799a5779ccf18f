using Modelplane.Bench.Processes;
using Modelplane.Bench.Wrk;

namespace Modelplane.Bench.Comparison;

/// <summary>
/// Measures a reference and a candidate with the same wrk load at each connection count, alternating between them so
/// the two figures of a pair are taken minutes apart at most, not on either side of whatever else the machine did.
/// The first run of each target follows a long warm-up, since on one CPU a fresh server needs tens of seconds of load
/// before tiered compilation and dynamic PGO have finished; later runs only settle the new connection count.
/// </summary>
internal sealed class AlternatingRuns(WrkRunner wrk, BenchArguments arguments)
{
    /// <summary>Load before a measured run on a target that has already been warmed up.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

    public TimeSpan Settle => SettleTime < arguments.Warmup ? SettleTime : arguments.Warmup;

    /// <summary>Runs every target at every connection count, in order; the results are keyed by target name and connections.</summary>
    public async Task<Dictionary<(string Target, int Connections), WrkResult>> MeasureAsync(
        IReadOnlyList<LoadTarget> targets, IReadOnlyList<int> connectionCounts, CancellationToken cancellationToken)
    {
        var results = new Dictionary<(string Target, int Connections), WrkResult>();
        var warmup = arguments.Warmup;
        foreach (var connections in connectionCounts)
        {
            foreach (var target in targets)
            {
                results[(target.Name, connections)] = await MeasureAsync(target, connections, warmup, cancellationToken);
            }

            warmup = Settle;
        }

        return results;
    }

    private async Task<WrkResult> MeasureAsync(LoadTarget target, int connections, TimeSpan warmup, CancellationToken cancellationToken)
    {
        var label = $"{target.Name}, {connections} connection{(connections == 1 ? string.Empty : "s")}";
        return await MeasuredRun.RunAsync(
            $"{label,-26}",
            warmup,
            arguments.Duration,
            duration => wrk.RunAsync(target.Url, connections, duration, cancellationToken),
            target.ThrowIfAnyExited,
            cancellationToken);
    }
}
