using Modelplane.Bench.Reporting;

namespace Modelplane.Bench.H2load;

/// <summary>
/// What one h2load run measured: its report's counts and throughput, and latencies in milliseconds from its per-request
/// log, since the report gives only the mean and spread.
/// </summary>
internal sealed record H2loadResult(H2loadCounts Counts, double P50Milliseconds, double P99Milliseconds) : ILoadResult
{
    public double RequestsPerSecond => Counts.RequestsPerSecond;

    public long Requests => Counts.Done;
}
