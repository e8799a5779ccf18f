using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Modelplane.Gateway.Proxy;

/// <summary>
/// Before a replica is chosen: a request for a component with no ready replica waits in <see cref="ReplicaHolds"/>
/// until one is, rather than failing at once. A request that cannot wait (the queue is full, the wait ran out) leaves a
/// <see cref="HoldFailure"/> for the router to answer with its 503.
/// </summary>
internal sealed class HoldUntilReady(RequestDelegate next, ReplicaHolds holds, IProxyStateLookup proxyState, IOptionsMonitor<GatewayOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        if (proxy.AvailableDestinations.Count == 0 && await WaitAsync(context, holds, proxyState, options.CurrentValue) is null)
        {
            return;
        }

        await next(context);
    }

    /// <summary>
    /// Waits for a ready replica of the request's cluster; the ready ones (never none), or null when the request is to
    /// end here: a <see cref="HoldFailure"/> is set, or it was cancelled (the client went away, or the service's time-out, which
    /// the router answers).
    /// </summary>
    public static async ValueTask<IReadOnlyList<DestinationState>?> WaitAsync(HttpContext context, ReplicaHolds holds, IProxyStateLookup proxyState, GatewayOptions settings)
    {
        var proxy = context.GetReverseProxyFeature();
        if (!proxyState.TryGetCluster(proxy.Cluster.Config.ClusterId, out var cluster))
        {
            context.Features.Set(new HoldFailure(HoldFailure.Kind.RoutesChanged, 0, TimeSpan.Zero, null));
            return null;
        }

        try
        {
            var (ready, failure) = await holds.WaitAsync(cluster, TimeSpan.FromSeconds(settings.HoldSeconds), context.RequestAborted);
            if (failure is not null)
            {
                context.Features.Set(failure);
                return null;
            }

            proxy.AvailableDestinations = ready!;
            return ready;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }
    }
}
