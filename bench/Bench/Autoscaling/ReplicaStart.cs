namespace Modelplane.Bench.Autoscaling;

/// <summary>
/// One replica's way from asked for to ready, as <see cref="ReplicaStartWatch"/> saw it: <see cref="System.Diagnostics.Stopwatch"/>
/// timestamps of the route table listing <see cref="Address"/>, its port accepting a connection, and its readiness
/// answering 200.
/// </summary>
internal sealed record ReplicaStart(string Address, long Listed, long Listening, long Ready)
{
    public int Port => new Uri(Address).Port;
}
