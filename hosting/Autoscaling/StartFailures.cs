using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Autoscaling;

/// <summary>
/// Tells the gateway when a component cannot serve because the replica started for it failed (it exited, or could not
/// be started: its model could not be fetched), and none of its replicas is ready: the route table then carries the
/// reason (<see cref="ComponentResource.Unavailable"/>), and requests held for the component, as when it starts from
/// zero, are answered with it at once instead of waiting out the hold. The reason stays until a replica is ready.
/// </summary>
internal sealed partial class StartFailures(
    ModelplaneGraph graph,
    ProcessSupervisor supervisor,
    ResourceNotificationService notifications,
    IHostApplicationLifetime lifetime,
    ILogger<StartFailures> logger)
{
    private readonly ConcurrentDictionary<string, bool> _ready = new(StringComparer.Ordinal);

    public void Start()
    {
        supervisor.Exited += (process, reason, wait) =>
        {
            if (process is ReplicaResource replica)
            {
                _ = FailedAsync(replica, $"{replica.Name} {reason}");
            }
        };
        _ = WatchAsync(lifetime.ApplicationStopping);
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                if (change.Resource is not ReplicaResource replica)
                {
                    continue;
                }

                var ready = change.Snapshot.IsReady();
                if (_ready.TryGetValue(replica.Name, out var was) && was == ready && change.Snapshot.State?.Text != KnownResourceStates.FailedToStart)
                {
                    continue;
                }

                _ready[replica.Name] = ready;
                if (ready && replica.Component.Unavailable is not null)
                {
                    replica.Component.Unavailable = null;
                    await WriteAsync(stoppingToken);
                }
                else if (change.Snapshot.State?.Text == KnownResourceStates.FailedToStart)
                {
                    var reason = graph.StartFailures.TryGetValue(replica.Name, out var why) ? why : "it failed to start";
                    await FailedAsync(replica, $"{replica.Name}: {reason}");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task FailedAsync(ReplicaResource replica, string reason)
    {
        var component = replica.Component;
        if (replica.Index >= component.ActiveCount || component.ActiveReplicas.Any(r => _ready.TryGetValue(r.Name, out var ready) && ready) || component.Unavailable == reason)
        {
            return;
        }

        component.Unavailable = reason;
        LogUnavailable(component.Name, reason);
        await WriteAsync(lifetime.ApplicationStopping);
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RouteTables.WriteAllAsync(graph, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Component}: no replica can serve; the gateway answers its requests with why: {Reason}")]
    private partial void LogUnavailable(string component, string reason);
}
