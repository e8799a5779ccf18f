using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Autoscaling;

/// <summary>
/// Runs the first N replicas of a component's pool. Scaling out starts the next ones (Aspire's start command, as the
/// dashboard's) and lists them in the gateway's route table at once, where they are left out until they answer ready.
/// Scaling in takes the last ones out of the route table first, gives the gateway a moment to read it, and then stops
/// them, each draining what it was sent before it exits; a transformer or explainer stops before the predictor
/// replica it calls.
/// </summary>
internal sealed partial class ReplicaPool(
    ModelplaneGraph graph,
    ResourceCommandService commands,
    ResourceLoggerService logs,
    IHostApplicationLifetime lifetime,
    ILogger<ReplicaPool> logger)
{
    // The gateway reads a changed route table 100 ms after it settles.
    private static readonly TimeSpan RouteTableRead = TimeSpan.FromMilliseconds(300);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PendingStop> _stops = new(StringComparer.Ordinal);

    /// <summary>
    /// Brings each component to its target count of running replicas, within its pool. Returns once the route table is
    /// written and the starts are asked for; the stops follow in the background, so the next decision does not wait for
    /// a replica to drain, and a replica asked back before its stop was sent just stays.
    /// </summary>
    public async Task ScaleAsync(IReadOnlyDictionary<ComponentResource, int> targets, CancellationToken cancellationToken)
    {
        List<ReplicaResource> starting = [];
        List<ReplicaResource> stopping = [];
        foreach (var (component, target) in targets)
        {
            var count = Math.Clamp(target, 0, component.ReplicaResources.Count);
            var active = component.ActiveCount;
            if (count > active)
            {
                starting.AddRange(component.ReplicaResources.Take(count).Skip(active));
            }
            else if (count < active)
            {
                stopping.AddRange(component.ReplicaResources.Take(active).Skip(count));
            }

            component.ActiveCount = count;
        }

        if (starting.Count == 0 && stopping.Count == 0)
        {
            return;
        }

        await RouteTables.WriteAllAsync(graph, cancellationToken);

        // Started side by side, not awaited: a transformer's start waits for its predictor replica to be ready. One
        // whose stop is still pending keeps running; one being stopped starts once it has.
        foreach (var replica in starting.OrderBy(r => r.Component.Role == ComponentRole.Predictor ? 0 : 1))
        {
            if (_stops.TryRemove(replica.Name, out var pending) && pending.Cancel())
            {
                continue;
            }

            _ = StartAfterAsync(replica, pending);
        }

        if (stopping.Count > 0)
        {
            var stops = stopping.Select(r => _stops[r.Name] = new PendingStop(r)).ToList();
            _ = StopAsync(stops);
        }
    }

    // The gateway reads the table first; then a transformer or explainer stops before the predictor replica it calls.
    private async Task StopAsync(List<PendingStop> stops)
    {
        try
        {
            await Task.Delay(RouteTableRead, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        foreach (var group in stops.GroupBy(s => s.Replica.Component.Role == ComponentRole.Predictor).OrderBy(g => g.Key))
        {
            await Task.WhenAll(group.Where(s => s.Send()).Select(async s =>
            {
                await RunAsync(s.Replica, KnownResourceCommands.StopCommand);
                s.Done.TrySetResult();
                _stops.TryRemove(KeyValuePair.Create(s.Replica.Name, s));
            }));
        }
    }

    private async Task StartAfterAsync(ReplicaResource replica, PendingStop? stopping)
    {
        if (stopping is not null)
        {
            await stopping.Done.Task;
        }

        await RunAsync(replica, KnownResourceCommands.StartCommand);
    }

    private async Task RunAsync(ReplicaResource replica, string command)
    {
        try
        {
            var result = await commands.ExecuteCommandAsync(replica, command, lifetime.ApplicationStopping);
            if (!result.Success)
            {
                logs.GetLogger(replica).LogError("the autoscaler could not {Command} it: {Reason}", Verb(command), result.Message);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogCommandFailed(replica.Name, Verb(command), e);
        }
    }

    private static string Verb(string command) => command == KnownResourceCommands.StartCommand ? "start" : "stop";

    // A stop decided and not yet sent can be called off (the replica is wanted again); once sent, it runs to the end.
    private sealed class PendingStop(ReplicaResource replica)
    {
        private int _state; // 0 pending, 1 sent, 2 called off

        public ReplicaResource Replica { get; } = replica;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Send() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public bool Cancel()
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
            {
                Done.TrySetResult();
                return true;
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Replica}: the autoscaler could not {Command} it")]
    private partial void LogCommandFailed(string replica, string command, Exception exception);
}
