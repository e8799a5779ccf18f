namespace Modelplane.Bench.H2load;

/// <summary>The counts of h2load's report: requests by outcome, responses by status class, and the bytes of DATA received.</summary>
internal sealed record H2loadCounts(
    double RequestsPerSecond,
    long Done,
    long Succeeded,
    long Failed,
    long Errored,
    long TimedOut,
    long Status2xx,
    long Status3xx,
    long Status4xx,
    long Status5xx,
    long DataBytes)
{
    /// <summary>Requests that did not end with a 2xx response: failed streams, errors, timeouts, and 3xx to 5xx answers.</summary>
    public long Unsuccessful => Failed + Errored + TimedOut + Status3xx + Status4xx + Status5xx;
}
