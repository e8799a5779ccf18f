using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Modelplane.Hosting.Processes;

/// <summary>
/// Starts a Modelplane process again when it exits without being asked to (a crash, a kill, an exit on its own), after
/// Kubernetes' CrashLoopBackOff, which Aspire does not do: at once, then after 1 s, twice as long each time up to 30 s,
/// and at once again after a run that lasted a minute. A process stopped from the dashboard, or by the AppHost's own stop, stays stopped. Each
/// exit is written to the process's console log with its exit code and last line, and reported to <see cref="Exited"/>.
/// </summary>
internal sealed class ProcessSupervisor(
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    ResourceCommandService commands,
    IHostApplicationLifetime lifetime)
{
    private const int TailLines = 20;
    private readonly ConcurrentDictionary<string, Watch> _watches = new(StringComparer.Ordinal);

    /// <summary>Raised when a process exits on its own: the process, why, and how long until it is started again.</summary>
    public event Action<IServiceProcess, string, TimeSpan>? Exited;

    /// <summary>How often a process has been started again.</summary>
    public int RestartsOf(string resource) => _watches.TryGetValue(resource, out var watch) ? watch.Restarts : 0;

    /// <summary>Watches every process of the run until it stops; started before Aspire starts anything.</summary>
    public void Start() => _ = WatchAsync(lifetime.ApplicationStopping);

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                if (change.Resource is IServiceProcess process)
                {
                    Observe(process, change.Snapshot, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Observe(IServiceProcess process, CustomResourceSnapshot snapshot, CancellationToken stoppingToken)
    {
        if (!_watches.TryGetValue(process.Name, out var watch))
        {
            watch = _watches.GetOrAdd(process.Name, _ => new Watch());
            _ = TailAsync(process, watch, stoppingToken);
        }
        var state = snapshot.State?.Text;
        lock (watch)
        {
            if (state == KnownResourceStates.Running && !watch.Running)
            {
                watch.Running = true;
                watch.Stopping = false;
                watch.Since = Stopwatch.StartNew();
            }
            else if (state == KnownResourceStates.Stopping)
            {
                watch.Stopping = true;
            }
            else if (state is not null && (state == KnownResourceStates.Finished || state == KnownResourceStates.Exited) && watch.Running)
            {
                watch.Running = false;
                // A replica the autoscaler took out of its pool's running ones was stopped on purpose, whatever the state said.
                if (watch.Stopping || lifetime.ApplicationStopping.IsCancellationRequested
                    || (process is ReplicaResource replica && replica.Index >= replica.Component.ActiveCount))
                {
                    return;
                }

                var wait = watch.Backoff.Next(watch.Since.Elapsed);
                var reason = string.Create(CultureInfo.InvariantCulture, $"exited with code {snapshot.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}{watch.LastLine()}");
                logs.GetLogger(process).LogWarning("{Reason}; {Restart}", reason, RestartBackoff.Describe(wait));
                Exited?.Invoke(process, reason, wait);
                _ = RestartAsync(process, watch, wait, stoppingToken);
            }
        }
    }

    private async Task RestartAsync(IServiceProcess process, Watch watch, TimeSpan wait, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(wait, stoppingToken);
            if (lifetime.ApplicationStopping.IsCancellationRequested || watch.Running)
            {
                return;
            }

            Interlocked.Increment(ref watch.Restarts);
            var result = await commands.ExecuteCommandAsync(process, KnownResourceCommands.StartCommand, stoppingToken);
            if (!result.Success)
            {
                logs.GetLogger(process).LogError("could not be started again: {Reason}", result.Message);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // The last lines a process wrote, for the reason of its exit.
    private async Task TailAsync(IServiceProcess process, Watch watch, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(process).WithCancellation(stoppingToken))
            {
                lock (watch.Tail)
                {
                    foreach (var line in batch)
                    {
                        watch.Tail.Enqueue(line.Content);
                        if (watch.Tail.Count > TailLines)
                        {
                            watch.Tail.Dequeue();
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private sealed class Watch
    {
        public readonly Queue<string> Tail = new();
        public readonly RestartBackoff Backoff = RestartBackoff.Default();
        public int Restarts;
        public bool Running;
        public bool Stopping;
        public Stopwatch Since = Stopwatch.StartNew();

        public string LastLine()
        {
            lock (Tail)
            {
                var last = Tail.LastOrDefault(l => !string.IsNullOrWhiteSpace(l) && !l.Contains("; restarting ", StringComparison.Ordinal));
                return last is null ? " (it wrote nothing)" : $": {last.Trim()}";
            }
        }
    }
}
