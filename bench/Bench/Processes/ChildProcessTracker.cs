using System.Diagnostics;

namespace Modelplane.Bench.Processes;

/// <summary>
/// Remembers every process the harness starts, so that however the harness ends (an exception, a signal,
/// the runtime shutting down) none is left running with a port open and a CPU busy.
/// </summary>
internal sealed class ChildProcessTracker : IDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<Process> _processes = [];

    public ChildProcessTracker() => AppDomain.CurrentDomain.ProcessExit += OnProcessExit;

    public void Track(Process process)
    {
        lock (_gate)
        {
            _processes.Add(process);
        }
    }

    public void Forget(Process process)
    {
        lock (_gate)
        {
            _processes.Remove(process);
        }
    }

    /// <summary>Kills, by process id, every tracked process that is still running, with its children.</summary>
    public void KillAll()
    {
        Process[] running;
        lock (_gate)
        {
            running = [.. _processes];
            _processes.Clear();
        }

        foreach (var process in running)
        {
            Kill(process);
        }
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        KillAll();
    }

    internal static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill: nothing left to stop.
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => KillAll();
}
