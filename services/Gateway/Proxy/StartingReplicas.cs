using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;

namespace Modelplane.Gateway.Proxy;

/// <summary>
/// A replica that a reloaded route table adds to a component (the autoscaler started it, or a new revision's) is still
/// starting: it is left out until a readiness probe finds it ready, rather than sent requests that it refuses, as
/// Kubernetes lists a pod's address only once its readiness probe passes. The replicas of the route table the gateway
/// starts with are taken as they are, to be checked by the health checks as before.
/// </summary>
internal sealed partial class StartingReplicas(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<StartingReplicas> logger) : IClusterChangeListener
{
    // Long enough for a model to load; after it the health check's own pace brings the replica in.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private readonly ConditionalWeakTable<DestinationState, object> _seen = [];

    public void OnClusterAdded(ClusterState cluster) => Admit(cluster);

    public void OnClusterChanged(ClusterState cluster) => Admit(cluster);

    public void OnClusterRemoved(ClusterState cluster)
    {
    }

    private void Admit(ClusterState cluster)
    {
        // An activator's address (ThroughActivator) is never probed: a probe is a request that keeps it scaled up.
        if (cluster.Model.Config.HealthCheck?.Active?.Enabled != true)
        {
            return;
        }

        var reload = lifetime.ApplicationStarted.IsCancellationRequested;
        foreach (var replica in cluster.Destinations.Values)
        {
            if (_seen.TryAdd(replica, cluster) && reload)
            {
                _ = AdmitAsync(cluster, replica);
            }
        }
    }

    private async Task AdmitAsync(ClusterState cluster, DestinationState replica)
    {
        try
        {
            // Resolved here, not injected: the holds depend on YARP's state, which depends on its listeners, this one.
            await services.GetRequiredService<ReplicaHolds>().AdmitWhenReadyAsync(cluster, replica, Patience, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogAdmitFailed(cluster.ClusterId, replica.Model.Config.Address, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Cluster}: watching new replica {Address} until it is ready failed; the health check brings it in")]
    private partial void LogAdmitFailed(string cluster, string address, Exception exception);
}
