using Modelplane.Bench.Processes;

namespace Modelplane.Bench.Comparison;

/// <summary>What one side of a comparison loads: a name for the tables, the URL wrk sends to, and the servers on its path.</summary>
internal sealed record LoadTarget(string Name, Uri Url, IReadOnlyList<ServerProcess> Servers)
{
    /// <summary>A server on the path that died makes the run meaningless; say which and what it last logged.</summary>
    public void ThrowIfAnyExited(string when)
    {
        foreach (var server in Servers)
        {
            server.ThrowIfExited(when);
        }
    }
}
