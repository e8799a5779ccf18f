using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Modelplane.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace Modelplane.Gateway.Proxy;

/// <summary>
/// YARP's configuration, derived from the route table: one catch-all route (the router picks the cluster per
/// request), and per service, revision and component a cluster of its HTTP ports and one of its HTTP/2 (gRPC) ports,
/// with active health checks on <c>/v2/health/ready</c> and passive ones on transport failures. The HTTP/2 cluster
/// carries gRPC, and REST under load when every replica is in it (<see cref="GatewayOptions.RestOverHttp2"/>).
/// </summary>
internal sealed class RouteTableProxyConfig(RouteTableSource routes, IOptions<GatewayOptions> options) : IProxyConfigProvider
{
    /// <summary>The route every proxied request takes.</summary>
    public const string RouteId = "inference";

    /// <summary>The cluster metadata that carries <see cref="Modelplane.Serving.Routing.ComponentRoute.Unavailable"/>.</summary>
    public const string UnavailableMetadata = "modelplane.unavailable";

    /// <summary>The cluster a request has until the router assigns its real one.</summary>
    public const string UnroutedCluster = "unrouted";

    public IProxyConfig GetConfig()
    {
        var (compiled, changeToken) = routes.Latest();
        return new Config(compiled, Build(compiled), changeToken);
    }

    private List<ClusterConfig> Build(CompiledRoutes compiled)
    {
        var settings = options.Value;
        var clusters = new List<ClusterConfig> { new() { ClusterId = UnroutedCluster } };
        foreach (var revision in compiled.Services.SelectMany(s => s.Revisions))
        {
            foreach (var (component, route) in new[] { ("predictor", revision.Route.Predictor), ("transformer", revision.Route.Transformer), ("explainer", revision.Route.Explainer) })
            {
                if (route is null)
                {
                    continue;
                }

                clusters.Add(Cluster(revision.ClusterId(component, http2: false), route.Http, http2: false, route.ThroughActivator, settings, route.Unavailable));
                if (route.Grpc.Count > 0 || route.ScaledToZero)
                {
                    clusters.Add(Cluster(revision.ClusterId(component, http2: true), route.Grpc, http2: true, route.ThroughActivator, settings, route.Unavailable));
                }
            }
        }

        return clusters;
    }

    /// <summary>
    /// A cluster of replicas; <paramref name="http2"/> when the addresses are HTTP/2-only listeners (cleartext, prior
    /// knowledge); <paramref name="throughActivator"/> when they are an activator's, which are never actively probed
    /// (<see cref="Modelplane.Serving.Routing.ComponentRoute.ThroughActivator"/>).
    /// </summary>
    private static ClusterConfig Cluster(string id, IReadOnlyList<string> addresses, bool http2, bool throughActivator, GatewayOptions settings, string? unavailable) => new()
    {
        ClusterId = id,
        LoadBalancingPolicy = Yarp.ReverseProxy.LoadBalancing.LoadBalancingPolicies.PowerOfTwoChoices,
        // One failed readiness probe leaves a replica out, one good one brings it back: a replica's readiness says
        // whether it should be sent requests now (stopping, loading), not a guess from a count of failures.
        // Why no replica can serve, when the AppHost knows, is kept with the cluster for the requests held at it.
        Metadata = unavailable is null
            ? new Dictionary<string, string> { [ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName] = "1" }
            : new Dictionary<string, string> { [ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName] = "1", [UnavailableMetadata] = unavailable },
        Destinations = addresses.Select((address, i) => (Key: $"replica-{i}", Value: new DestinationConfig { Address = address }))
            .ToDictionary(d => d.Key, d => d.Value),
        HealthCheck = new HealthCheckConfig
        {
            // Not YARP's default (HealthyOrPanic), which sends to every replica when none is healthy: a request that
            // finds none ready waits for one (ReplicaHolds) instead of going to one that is down or still loading.
            AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyAndUnknown,
            Active = new ActiveHealthCheckConfig
            {
                Enabled = !throughActivator,
                Interval = TimeSpan.FromSeconds(settings.HealthCheckIntervalSeconds),
                Timeout = TimeSpan.FromSeconds(Math.Max(1, settings.HealthCheckIntervalSeconds)),
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = "/v2/health/ready",
            },
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                ReactivationPeriod = TimeSpan.FromSeconds(settings.EjectionSeconds),
            },
        },
        HttpRequest = http2
            ? new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { Version = System.Net.HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact }
            : null,
    };

    /// <summary>YARP's configuration with the route table it was built from, which <see cref="AppliedRoutes"/> takes once applied.</summary>
    internal sealed class Config(CompiledRoutes compiled, IReadOnlyList<ClusterConfig> clusters, IChangeToken changeToken) : IProxyConfig
    {
        public CompiledRoutes Compiled { get; } = compiled;

        public IReadOnlyList<RouteConfig> Routes { get; } =
        [
            new RouteConfig { RouteId = RouteId, ClusterId = UnroutedCluster, Match = new RouteMatch { Path = "{**catch-all}" }, Order = int.MaxValue },
        ];

        public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;

        public IChangeToken ChangeToken { get; } = changeToken;
    }
}
