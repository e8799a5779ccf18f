using System.Diagnostics;
using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Orchestration;

/// <summary>
/// Runs one replica of a resource for the whole run: starts its process, keeps its output in a log file, waits
/// until its health check passes, and when it exits on its own starts it again after a back-off.
/// </summary>
internal sealed class ReplicaRunner : IDisposable
{
    private const int TailLines = 20;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly Func<CancellationToken, Task<ProcessLaunch>> _plan;
    private readonly HealthProbe? _probe;
    private readonly IRunObserver _observer;
    private readonly string _logPath;
    private readonly RestartBackoff _backoff = RestartBackoff.Default();
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource _firstHealthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private StreamWriter? _log;
    private Process? _process;
    private Task? _loop;
    private int _restarts;
    private volatile bool _shuttingDown;

    public ReplicaRunner(IResource resource, int index, IReadOnlyDictionary<string, Uri> endpoints, Func<CancellationToken, Task<ProcessLaunch>> plan, HealthProbe? probe, IRunObserver observer, string logDirectory)
    {
        Resource = resource;
        Index = index;
        _plan = plan;
        _probe = probe;
        _observer = observer;
        _logPath = Path.Combine(logDirectory, $"{resource.Name}-{index}.log");
        Status = new ReplicaStatus(resource.Name, index, ReplicaState.Waiting, null, endpoints, 0, DateTimeOffset.Now, null);
    }

    public IResource Resource { get; }

    public int Index { get; }

    public ReplicaStatus Status { get; private set; }

    /// <summary>Completes when the replica is healthy for the first time; fails when it cannot be started at all.</summary>
    public Task FirstHealthy => _firstHealthy.Task;

    public void Start()
    {
        _log = new StreamWriter(new FileStream(_logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>Kills the process as a crash would (for tests of the restart policy); the runner starts it again.</summary>
    public void KillProcess() => _process?.Kill(entireProcessTree: true);

    /// <summary>From now on an exit is the end, not a crash to restart: the whole graph is stopping.</summary>
    public void PrepareToStop() => _shuttingDown = true;

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        Change(ReplicaState.Stopped, null, null);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        lock (_tail)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            ProcessLaunch launch;
            try
            {
                launch = await _plan(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever stops the launch (a missing connection string, a model the store cannot give) ends this
                // replica's start with its reason, rather than leaving the start waiting on a loop that died.
                Fail(e.Message, e);
                return;
            }

            Process process;
            try
            {
                // Checked here: through setpriv a missing program would look like one that started and exited.
                if (ProgramPath.Find(launch.FileName) is null)
                {
                    throw new InvalidOperationException("no such program (nor on PATH)");
                }

                process = await ChildProcessSpawner.Shared.StartAsync(Info(launch));
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                Fail($"could not start `{launch.CommandLine}`: {e.Message}", e);
                return;
            }

            _process = process;
            var started = Stopwatch.StartNew();
            Change(ReplicaState.Starting, process.Id, null);
            var output = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
            var exited = process.WaitForExitAsync(CancellationToken.None);
            await WaitUntilHealthyAsync(process, exited, stopping);
            await Task.WhenAny(exited, Task.Delay(Timeout.Infinite, stopping));
            if (stopping.IsCancellationRequested)
            {
                await StopProcessAsync(process, exited);
                await output;
                process.Dispose();
                return;
            }

            await output;
            if (_shuttingDown)
            {
                process.Dispose();
                _process = null;
                return;
            }

            var reason = $"exited with code {process.ExitCode}{LastLine()}";
            process.Dispose();
            _process = null;
            var wait = _backoff.Next(started.Elapsed);
            Change(ReplicaState.BackingOff, null, $"{reason}; restarting in {wait.TotalSeconds:0} s");
            try
            {
                await Task.Delay(wait, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _restarts++;
        }
    }

    /// <summary>The replica cannot run at all: it is marked failed and the start fails with the reason.</summary>
    private void Fail(string failure, Exception cause)
    {
        Change(ReplicaState.Failed, null, failure);
        _firstHealthy.TrySetException(new InvalidOperationException($"{Resource.Name}: {failure}", cause));
    }

    private async Task WaitUntilHealthyAsync(Process process, Task exited, CancellationToken stopping)
    {
        try
        {
            while (_probe is not null && !exited.IsCompleted && await _probe.CheckAsync(stopping) is not null)
            {
                await Task.WhenAny(exited, Task.Delay(ProbeInterval, stopping));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped while it was starting: the caller stops the process.
            return;
        }

        if (!exited.IsCompleted && !stopping.IsCancellationRequested)
        {
            Change(ReplicaState.Running, process.Id, null);
            _firstHealthy.TrySetResult();
        }
    }

    private static async Task StopProcessAsync(Process process, Task exited)
    {
        if (exited.IsCompleted)
        {
            return;
        }

        if (PosixSignals.Terminate(process.Id) && await Task.WhenAny(exited, Task.Delay(StopGrace)) == exited)
        {
            return;
        }

        process.Kill(entireProcessTree: true);
        await exited;
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_tail)
            {
                _log?.WriteLine(line);
                _tail.Enqueue(line);
                if (_tail.Count > TailLines)
                {
                    _tail.Dequeue();
                }
            }
        }
    }

    private string LastLine()
    {
        lock (_tail)
        {
            var last = _tail.LastOrDefault(l => !string.IsNullOrWhiteSpace(l));
            return last is null ? " (it wrote nothing)" : $": {last.Trim()}";
        }
    }

    private void Change(ReplicaState state, int? processId, string? message)
    {
        Status = Status with { State = state, ProcessId = processId, Restarts = _restarts, Since = DateTimeOffset.Now, Message = message };
        _observer.ReplicaChanged(Status);
    }

    private static ProcessStartInfo Info(ProcessLaunch launch)
    {
        var info = new ProcessStartInfo(launch.FileName)
        {
            WorkingDirectory = launch.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in launch.Args)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in launch.Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }
}
