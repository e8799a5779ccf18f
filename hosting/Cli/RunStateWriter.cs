using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Cli;

/// <summary>
/// Keeps the run's state file current, for <c>status</c> in another terminal; removes it when the run ends. Changes
/// that come together (a start brings several per process) are written once, a moment after the first.
/// </summary>
internal sealed class RunStateWriter : IDisposable
{
    private static readonly TimeSpan Coalescing = TimeSpan.FromMilliseconds(200);

    private readonly ModelplaneGraph _graph;
    private readonly ResourceNotificationService _notifications;
    private readonly ProcessSupervisor _supervisor;
    private readonly ConcurrentDictionary<string, (string State, bool Ready)> _processes = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _startedAt = DateTimeOffset.Now;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private int _pending;

    public RunStateWriter(ModelplaneGraph graph, IServiceProvider services)
    {
        _graph = graph;
        _notifications = services.GetRequiredService<ResourceNotificationService>();
        _supervisor = services.GetRequiredService<ProcessSupervisor>();
    }

    public void Start() => _ = WatchAsync(_stop.Token);

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        lock (_lock)
        {
            File.Delete(Path.Combine(_graph.DataDirectory, RunState.FileName));
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            Write();
            await foreach (var change in _notifications.WatchAsync(cancellationToken))
            {
                if (change.Resource is IServiceProcess process)
                {
                    var state = change.Snapshot.State?.Text ?? KnownResourceStates.NotStarted;
                    var entry = (state, change.Snapshot.IsReady());
                    if (!_processes.TryGetValue(process.Name, out var before) || before != entry)
                    {
                        _processes[process.Name] = entry;
                        WriteSoon(cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void WriteSoon(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _ = Task.Delay(Coalescing, cancellationToken).ContinueWith(
                _ =>
                {
                    Interlocked.Exchange(ref _pending, 0);
                    Write();
                },
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default);
        }
    }

    private void Write()
    {
        var gateway = _graph.Resources<GatewayResource>().FirstOrDefault();
        var services = _graph.Resources<InferenceServiceResource>().Select(s => new RunState.Service(
            s.Spec.Name,
            s.Spec.Namespace,
            $"http://{s.Spec.Name}.{s.Spec.Namespace}.{_graph.Domain}",
            [.. s.Spec.Revisions.Select(r => new RunState.Revision(
                r.Name,
                r.TrafficPercent,
                [.. s.Components.Where(c => c.Revision.Name == r.Name).OrderBy(c => c.Role).Select(c => (IReadOnlyList<string>)[.. c.ActiveReplicas.Select(p => p.Name)])]))]));

        // The replicas of a pool that the autoscaler does not run now are not the run's processes.
        var processes = _graph.Builder.Resources.OfType<IServiceProcess>().Where(p => p is not ReplicaResource r || r.Index < r.Component.ActiveCount).Select(p =>
        {
            var (state, ready) = _processes.GetValueOrDefault(p.Name, (KnownResourceStates.NotStarted, false));
            return new RunState.Process(p.Name, state, ready, _supervisor.RestartsOf(p.Name));
        });
        lock (_lock)
        {
            if (!_stop.IsCancellationRequested)
            {
                new RunState(System.Environment.ProcessId, _startedAt, gateway?.Endpoints?.HttpUrl.ToString().TrimEnd('/'), _graph.Domain, [.. services], [.. processes]).Write(_graph.DataDirectory);
            }
        }
    }
}
