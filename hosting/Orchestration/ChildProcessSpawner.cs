using System.Collections.Concurrent;
using System.Diagnostics;

namespace Modelplane.Hosting.Orchestration;

/// <summary>
/// Starts every child process of the AppHost so that it dies with the AppHost, even when the AppHost is killed, and
/// stops only when the AppHost says so. On Linux each child is started through <c>setpriv --pdeathsig KILL</c>, which
/// asks the kernel to kill it when its parent goes, and <c>setsid</c>, which puts it in a session of its own, so a
/// Ctrl+C in the terminal reaches the AppHost alone and the AppHost stops its children in order. The kernel watches
/// the thread that forked the child, not the process, so all children are forked from one thread that lives as long
/// as the AppHost: a pool thread that retired would take its children with it.
/// </summary>
public sealed class ChildProcessSpawner
{
    private const string SetPriv = "/usr/bin/setpriv";
    private const string SetSid = "/usr/bin/setsid";
    private readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> _requests = [];

    private ChildProcessSpawner()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "Modelplane child process spawner" };
        thread.Start();
    }

    /// <summary>The one spawner of this process.</summary>
    public static ChildProcessSpawner Shared { get; } = new();

    /// <summary>True when children die with this process (Linux with setpriv).</summary>
    public static bool TiesChildren => OperatingSystem.IsLinux() && File.Exists(SetPriv) && File.Exists(SetSid);

    /// <summary>Starts <paramref name="info"/>'s program; the process's id is the program's own (setpriv execs it).</summary>
    public Task<Process> StartAsync(ProcessStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((TiedToParent(info), started));
        return started.Task;
    }

    private static ProcessStartInfo TiedToParent(ProcessStartInfo info)
    {
        if (!TiesChildren)
        {
            return info;
        }

        var tied = new ProcessStartInfo(SetPriv)
        {
            WorkingDirectory = info.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = info.RedirectStandardInput,
            RedirectStandardOutput = info.RedirectStandardOutput,
            RedirectStandardError = info.RedirectStandardError,
        };
        // Neither setpriv nor setsid forks here (the child is no process group leader), so the id stays the program's.
        foreach (var argument in (IEnumerable<string>)["--pdeathsig", "KILL", "--", SetSid, info.FileName, .. info.ArgumentList])
        {
            tied.ArgumentList.Add(argument);
        }

        tied.Environment.Clear();
        foreach (var (name, value) in info.Environment)
        {
            tied.Environment[name] = value;
        }

        return tied;
    }

    private void Run()
    {
        foreach (var (info, started) in _requests.GetConsumingEnumerable())
        {
            try
            {
                var process = new Process { StartInfo = info, EnableRaisingEvents = true };
                process.Start();
                started.SetResult(process);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                started.SetException(e);
            }
        }
    }
}
