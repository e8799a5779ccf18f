namespace Modelplane.Bench.Reporting;

/// <summary>The figures of one measured run, whichever load generator made it; latencies in milliseconds.</summary>
internal interface ILoadResult
{
    double RequestsPerSecond { get; }

    long Requests { get; }

    double P50Milliseconds { get; }

    double P99Milliseconds { get; }
}
