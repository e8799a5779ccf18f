using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Hosting.Processes;
using Spectre.Console;

namespace Modelplane.Hosting.Cli;

/// <summary>
/// The run's console: a line when a process becomes ready (where it listens), and one for every process that exits,
/// fails to start or comes back, each with its reason; nothing else, since each process's output is in the dashboard.
/// It also tells the run when a set of processes is ready, or why one of them could not be started.
/// </summary>
internal sealed class ConsoleReporter : IDisposable
{
    private readonly IAnsiConsole _console;
    private readonly ModelplaneGraph _graph;
    private readonly ResourceNotificationService _notifications;
    private readonly ProcessSupervisor _supervisor;
    private readonly ConcurrentDictionary<string, bool> _ready = new(StringComparer.Ordinal);
    private readonly List<(IReadOnlyCollection<string> Names, TaskCompletionSource<string?> Done)> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly int _width;
    private string? _failure;

    public ConsoleReporter(IAnsiConsole console, ModelplaneGraph graph, IServiceProvider services)
    {
        _console = console;
        _graph = graph;
        _notifications = services.GetRequiredService<ResourceNotificationService>();
        _supervisor = services.GetRequiredService<ProcessSupervisor>();
        _width = graph.Resources<IServiceProcess>().Select(p => p.Name.Length)
            .Concat(graph.Resources<InferenceServices.ComponentResource>().Select(c => c.Name.Length + 2))
            .DefaultIfEmpty(0).Max() + 3;
        _supervisor.Exited += OnExited;
    }

    public void Start() => _ = WatchAsync(_stop.Token);

    /// <summary>Completes with null once every process named is ready, or with the reason a process of the run could not be started.</summary>
    public async Task<string?> WhenReadyAsync(IReadOnlyCollection<string> processes, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiters.Add((processes, done));
            Settle();
        }

        try
        {
            return await done.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _supervisor.Exited -= OnExited;
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in _notifications.WatchAsync(cancellationToken))
            {
                if (change.Resource is not IServiceProcess process)
                {
                    continue;
                }

                var state = change.Snapshot.State?.Text;
                var ready = change.Snapshot.IsReady();
                var wasReady = _ready.TryGetValue(process.Name, out var before) && before;
                _ready[process.Name] = ready;
                if (ready && !wasReady)
                {
                    Line("[green]✓[/]", process, Where(process));
                }
                else if (state == KnownResourceStates.FailedToStart)
                {
                    var reason = _graph.StartFailures.TryGetValue(process.Name, out var failure) ? failure : "could not be started (see its log in the dashboard)";
                    Line("[red]✗[/]", process, reason);
                    lock (_lock)
                    {
                        _failure ??= $"{process.Name}: {reason}";
                    }
                }

                lock (_lock)
                {
                    Settle();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // Ready, or a replica the autoscaler has taken out of its pool's running ones (a component that went to zero early).
    private bool Settled(string name) =>
        (_ready.TryGetValue(name, out var ready) && ready)
        || _graph.Resources<ReplicaResource>().FirstOrDefault(r => r.Name == name) is { } replica && replica.Index >= replica.Component.ActiveCount;

    // Completes the waiters whose processes are all ready, and every waiter once a process could not be started.
    private void Settle()
    {
        foreach (var waiter in _waiters.ToList())
        {
            if (_failure is not null || waiter.Names.All(Settled))
            {
                waiter.Done.TrySetResult(_failure);
                _waiters.Remove(waiter);
            }
        }
    }

    private void OnExited(IServiceProcess process, string reason, TimeSpan wait) =>
        Line("[yellow]![/]", process, $"{reason}; {RestartBackoff.Describe(wait)}");

    private void Line(string mark, IServiceProcess process, string text) =>
        _console.MarkupLine($"{mark} {Markup.Escape(process.Name.PadRight(_width))}  {Markup.Escape(text)}");

    private string Where(IServiceProcess process)
    {
        var http = process.Endpoints?.HttpUrl.ToString().TrimEnd('/') ?? "running";
        var grpc = process.Endpoints?.Grpc is { } port ? string.Create(CultureInfo.InvariantCulture, $" (gRPC :{port})") : string.Empty;
        var restarts = _supervisor.RestartsOf(process.Name) is > 0 and var count
            ? string.Create(CultureInfo.InvariantCulture, $", after {count} restart{(count == 1 ? string.Empty : "s")}")
            : string.Empty;
        return $"{http}{grpc}{restarts}";
    }
}
