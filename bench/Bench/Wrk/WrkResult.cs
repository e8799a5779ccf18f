using Modelplane.Bench.Reporting;

namespace Modelplane.Bench.Wrk;

/// <summary>What one wrk run measured; latencies in milliseconds, from wrk's "Latency Distribution".</summary>
internal sealed record WrkResult(
    double RequestsPerSecond,
    long Requests,
    double P50Milliseconds,
    double P99Milliseconds,
    long Non2xxResponses,
    long SocketErrors,
    string SocketErrorDetail) : ILoadResult;
