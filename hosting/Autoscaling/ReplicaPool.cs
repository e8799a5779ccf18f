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

    /// <summary>Brings each component to its target count of running replicas, within its pool.</summary>
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

        foreach (var gateway in graph.Resources<GatewayResource>())
        {
            await RouteTables.WriteAsync(graph, gateway, cancellationToken);
        }

        // Started side by side, not awaited: a transformer's start waits for its predictor replica to be ready.
        foreach (var replica in starting.OrderBy(r => r.Component.Role == ComponentRole.Predictor ? 0 : 1))
        {
            _ = RunAsync(replica, KnownResourceCommands.StartCommand);
        }

        if (stopping.Count > 0)
        {
            await Task.Delay(RouteTableRead, cancellationToken);
            await Task.WhenAll(stopping.Where(r => r.Component.Role != ComponentRole.Predictor).Select(r => RunAsync(r, KnownResourceCommands.StopCommand)));
            await Task.WhenAll(stopping.Where(r => r.Component.Role == ComponentRole.Predictor).Select(r => RunAsync(r, KnownResourceCommands.StopCommand)));
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "{Replica}: the autoscaler could not {Command} it")]
    private partial void LogCommandFailed(string replica, string command, Exception exception);
}
