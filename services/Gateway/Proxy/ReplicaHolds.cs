using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Modelplane.Gateway.Proxy;

/// <summary>
/// Holds requests for a component of a revision while none of its replicas is ready (one crashed and is being started
/// again, one is stopping, one is still loading its models), and sends them on, in the order they came, as soon as one
/// is (released in the order they came; they then run side by side): Knative's activator, for restarts now and for
/// scale from zero later. While anything is held, the component's
/// replicas are probed on <c>/v2/health/ready</c> every <see cref="ProbeInterval"/> rather than at the health check's
/// pace, so a replica is used the moment it is ready and not before. The wait and the queue are bounded
/// (<see cref="GatewayOptions.HoldSeconds"/>, <see cref="GatewayOptions.HoldQueueLength"/>); a request is never moved
/// to another revision, which may be another model.
/// </summary>
internal sealed partial class ReplicaHolds(
    IProxyStateLookup proxyState,
    IDestinationHealthUpdater health,
    IClusterDestinationsUpdater destinations,
    IProbingRequestFactory probes,
    IOptionsMonitor<GatewayOptions> options,
    Metrics.GatewayMetrics metrics,
    Autoscaling.ComponentLoad load,
    ILogger<ReplicaHolds> logger)
{
    /// <summary>How often the replicas of a component with held requests are probed.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    // Per cluster object, not per id: a route table reload that removes a cluster and adds it again makes a new one,
    // whose held requests must not join a loop still probing the old.
    private readonly ConditionalWeakTable<ClusterState, Hold> _holds = [];

    /// <summary>
    /// Leaves a replica out of its component at once (in its HTTP and its HTTP/2 cluster alike), until a readiness
    /// probe finds it ready again; <paramref name="reason"/> is what it said or what failed.
    /// </summary>
    public void MarkDown(ClusterState cluster, DestinationState replica, string reason)
    {
        foreach (var (sibling, destination) in Siblings(cluster, replica.DestinationId))
        {
            if (destination.Health.Active != DestinationHealth.Unhealthy)
            {
                health.SetActive(sibling, [new NewActiveDestinationHealth(destination, DestinationHealth.Unhealthy)]);
            }
        }

        _holds.GetOrCreateValue(cluster).LastReason = $"{replica.Model.Config.Address}: {reason}";
    }

    /// <summary>
    /// Leaves a replica that has just been listed (the autoscaler started it) out until it answers ready, probing it every
    /// <see cref="ProbeInterval"/> meanwhile, so no request finds it still starting; gives up after
    /// <paramref name="patience"/>, when the health check's own pace takes over, or once the replica is no longer listed.
    /// </summary>
    public async Task AdmitWhenReadyAsync(ClusterState cluster, DestinationState replica, TimeSpan patience, CancellationToken cancellationToken)
    {
        MarkDown(cluster, replica, "starting");
        var hold = _holds.GetOrCreateValue(cluster);
        var started = Stopwatch.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested
            && Stopwatch.GetElapsedTime(started) < patience
            && cluster.Destinations.TryGetValue(replica.DestinationId, out var listed) && listed == replica)
        {
            if (await ProbeAsync(cluster, hold, replica))
            {
                return;
            }

            await Task.Delay(ProbeInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Waits for a ready replica of the cluster the request was assigned and makes those its choice; the ready ones
    /// (never none), or null when the request is to end here: a <see cref="HoldFailure"/> is set on it for the router to
    /// answer, or it was cancelled (the client went away, or the service's time-out, which the router answers).
    /// </summary>
    public async ValueTask<IReadOnlyList<DestinationState>?> WaitAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        if (!proxyState.TryGetCluster(proxy.Cluster.Config.ClusterId, out var cluster))
        {
            context.Features.Set(new HoldFailure(HoldFailure.Kind.RoutesChanged, 0, TimeSpan.Zero, null));
            return null;
        }

        try
        {
            var (ready, failure) = await WaitAsync(cluster, TimeSpan.FromSeconds(options.CurrentValue.HoldSeconds), context.RequestAborted);
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

    // The ready replicas of the cluster, at once when there are any, else once one is ready; a failure when the queue
    // is full or the limit passes first.
    private async ValueTask<(IReadOnlyList<DestinationState>? Ready, HoldFailure? Failure)> WaitAsync(ClusterState cluster, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (cluster.DestinationsState.AvailableDestinations is { Count: > 0 } ready)
        {
            return (ready, null);
        }

        var hold = _holds.GetOrCreateValue(cluster);
        var started = Stopwatch.GetTimestamp();
        var queueLength = options.CurrentValue.HoldQueueLength;
        var fromZero = cluster.Destinations.IsEmpty;
        if (Unavailable(cluster) is { } unavailable)
        {
            return (null, new HoldFailure(HoldFailure.Kind.StartFailed, 0, TimeSpan.Zero, unavailable));
        }

        // Cluster ids are service/revision/component[/grpc].
        var names = cluster.ClusterId.Split('/');
        metrics.Held(names[0], names[1], 1);
        var held = load.Hold(names[0], names[1], names[2]);
        try
        {
            // Released once a replica is ready; it may be left out again before this request resumes, and then it
            // waits again for what is left of its time.
            while (true)
            {
                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                LinkedListNode<TaskCompletionSource> node;
                lock (hold)
                {
                    if (hold.Waiters.Count >= queueLength)
                    {
                        return (null, new HoldFailure(HoldFailure.Kind.QueueFull, queueLength, Stopwatch.GetElapsedTime(started), hold.LastReason) { FromZero = fromZero });
                    }

                    node = hold.Waiters.AddLast(waiter);
                    if (!hold.Probing)
                    {
                        hold.Probing = true;
                        hold.Since = Stopwatch.GetTimestamp();
                        _ = ProbeAsync(cluster, hold);
                    }
                }

                try
                {
                    var left = limit - Stopwatch.GetElapsedTime(started);
                    await waiter.Task.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // The limit, not the time measured: the answer says what the wait was allowed, whatever the clock's jitter.
                    return (null, new HoldFailure(HoldFailure.Kind.TimedOut, queueLength, limit, hold.LastReason) { FromZero = fromZero });
                }
                finally
                {
                    lock (hold)
                    {
                        if (node.List is not null)
                        {
                            hold.Waiters.Remove(node);
                        }
                    }
                }

                if (cluster.DestinationsState.AvailableDestinations is { Count: > 0 } released)
                {
                    return (released, null);
                }

                if (Unavailable(cluster) is { } failed)
                {
                    return (null, new HoldFailure(HoldFailure.Kind.StartFailed, 0, Stopwatch.GetElapsedTime(started), failed) { FromZero = fromZero });
                }
            }
        }
        finally
        {
            metrics.Held(names[0], names[1], -1);
            held?.Release();
        }
    }

    // Runs while anything is held: releases the held requests, in order, once the cluster has a ready replica, and
    // meanwhile probes each replica that is left out, marking it back in when it answers ready. A failure of one round
    // is logged and the next round runs: a loop that ended with requests still held would leave them to time out.
    private async Task ProbeAsync(ClusterState cluster, Hold hold)
    {
        LogHolding(cluster.ClusterId, hold.LastReason ?? "no replica is ready");
        while (true)
        {
            List<TaskCompletionSource> released = [];
            try
            {
                if (cluster.DestinationsState.AvailableDestinations.Count == 0)
                {
                    await ProbeAllAsync(cluster, hold);
                }

                lock (hold)
                {
                    if (hold.Waiters.Count == 0)
                    {
                        hold.Probing = false;
                        return;
                    }

                    // Released to a ready replica, or to the AppHost's word that none can start.
                    if (cluster.DestinationsState.AvailableDestinations.Count > 0 || Unavailable(cluster) is not null)
                    {
                        released = [.. hold.Waiters];
                        hold.Waiters.Clear();
                    }
                }

                if (released.Count > 0)
                {
                    var waited = Stopwatch.GetElapsedTime(hold.Since).TotalSeconds;
                    LogReleased(cluster.ClusterId, released.Count, waited);
                    hold.Since = Stopwatch.GetTimestamp();
                }
            }
            catch (Exception e)
            {
                LogRoundFailed(cluster.ClusterId, e);
            }
            finally
            {
                foreach (var waiter in released)
                {
                    waiter.TrySetResult();
                }
            }

            await Task.Delay(ProbeInterval);
        }
    }

    // Probes every replica at once and returns as soon as one is ready, without waiting for slower ones, which go on
    // and mark their replica in if it proves ready later.
    private async Task ProbeAllAsync(ClusterState cluster, Hold hold)
    {
        var pending = cluster.DestinationsState.AllDestinations.Select(d => ProbeAsync(cluster, hold, d)).ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            if (await done)
            {
                return;
            }
        }
    }

    // One readiness probe, sent as the health check sends it (its version, its path); a ready replica is marked back
    // in, in both of its clusters (which updates their ready lists).
    private async Task<bool> ProbeAsync(ClusterState cluster, Hold hold, DestinationState replica)
    {
        try
        {
            using var request = probes.CreateRequest(cluster.Model, replica.Model);
            using var timeout = new CancellationTokenSource(ProbeTimeout);
            using var response = await cluster.Model.HttpClient.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                hold.LastReason = $"{replica.Model.Config.Address}: readiness answered {(int)response.StatusCode}";
                return false;
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            hold.LastReason = $"{replica.Model.Config.Address}: {Describe(e)}";
            return false;
        }

        foreach (var (sibling, destination) in Siblings(cluster, replica.DestinationId))
        {
            health.SetActive(sibling, [new NewActiveDestinationHealth(destination, DestinationHealth.Healthy)]);
            if (destination.Health.Passive == DestinationHealth.Unhealthy)
            {
                destination.Health.Passive = DestinationHealth.Unknown;
                destinations.UpdateAvailableDestinations(sibling);
            }
        }

        return true;
    }

    private static string? Unavailable(ClusterState cluster) =>
        cluster.DestinationsState.AvailableDestinations.Count == 0 && cluster.Model.Config.Metadata?.TryGetValue(RouteTableProxyConfig.UnavailableMetadata, out var reason) == true
            ? reason
            : null;

    private static string Describe(Exception e) =>
        e is OperationCanceledException ? $"readiness did not answer within {ProbeTimeout.TotalSeconds:0} s" : ExceptionChain.Reason(e);

    // The same replica in the component's HTTP cluster and its HTTP/2 cluster, which list the replicas in one order
    // when they list them all; when the lists differ in length, only the cluster itself.
    private IEnumerable<(ClusterState Cluster, DestinationState Destination)> Siblings(ClusterState cluster, string destinationId)
    {
        if (cluster.Destinations.TryGetValue(destinationId, out var own))
        {
            yield return (cluster, own);
        }

        var id = cluster.ClusterId;
        var siblingId = id.EndsWith("/grpc", StringComparison.Ordinal) ? id[..^"/grpc".Length] : id + "/grpc";
        if (proxyState.TryGetCluster(siblingId, out var sibling)
            && sibling.Destinations.Count == cluster.Destinations.Count
            && sibling.Destinations.TryGetValue(destinationId, out var twin))
        {
            yield return (sibling, twin);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Cluster}: holding requests until a replica is ready ({Reason})")]
    private partial void LogHolding(string cluster, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Cluster}: a replica is ready; sending on {Count} held requests after {Seconds:0.00} s")]
    private partial void LogReleased(string cluster, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Cluster}: a round of readiness probes for held requests failed; the next one follows")]
    private partial void LogRoundFailed(string cluster, Exception exception);

    private sealed class Hold
    {
        public readonly LinkedList<TaskCompletionSource> Waiters = new();
        public bool Probing;
        public long Since;
        public volatile string? LastReason;
    }
}

/// <summary>
/// Why a held request was not sent, and what the replicas last said; <see cref="Count"/> is the queue's length (for
/// <see cref="Kind.QueueFull"/>) or the attempts made (for <see cref="Kind.NotReady"/>).
/// </summary>
internal sealed record HoldFailure(HoldFailure.Kind Reason, int Count, TimeSpan Waited, string? LastReason)
{
    public enum Kind
    {
        /// <summary>The queue was full.</summary>
        QueueFull,

        /// <summary>No replica was ready within the hold's time.</summary>
        TimedOut,

        /// <summary>Replicas that looked ready kept answering that they were not, attempt after attempt.</summary>
        NotReady,

        /// <summary>The request's cluster left the route table while it waited.</summary>
        RoutesChanged,

        /// <summary>The AppHost says no replica can start (<see cref="LastReason"/> is why).</summary>
        StartFailed,
    }

    /// <summary>The component had no replica at all when the request came: it was scaled to zero and is starting.</summary>
    public bool FromZero { get; init; }
}
