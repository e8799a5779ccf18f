using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Modelplane.Gateway.Routing;
using Modelplane.Serving.Routing;

namespace Modelplane.Gateway.Autoscaling;

/// <summary>
/// The load of every component of every revision, as Knative's queue-proxy and activator measure it for its
/// autoscaler: requests in flight (held ones included) and their time-weighted average per second, requests arrived,
/// and requests held for a ready replica, with <see cref="Demand"/> raised when a request starts waiting at a
/// component with none. A request the router sends to a transformer counts for the transformer and for the
/// revision's predictor, and an explain request for the explainer and the predictor: the transformer and the
/// explainer call the predictor for each, past the gateway. Counted only with <see cref="GatewayOptions.LoadReport"/>.
/// </summary>
internal sealed class ComponentLoad(IOptions<GatewayOptions> options)
{
    public const string Predictor = "predictor";
    public const string Transformer = "transformer";
    public const string Explainer = "explainer";

    // Every component ever routed to, kept when it leaves the route table: requests still in flight there count out
    // on the same counters, and a component that comes back picks them up again.
    private readonly ConcurrentDictionary<ComponentKey, ComponentCounters> _counters = new();

    /// <summary>Whether load is counted and reported (<see cref="GatewayOptions.LoadReport"/>, read at start).</summary>
    public bool Enabled { get; } = options.Value.LoadReport;

    /// <summary>
    /// A request started waiting at a component whose replicas are none of them ready, and none was waiting there
    /// before it: raised once per wait that begins, not per request. Raised on the request's thread; a handler only
    /// hands it on.
    /// </summary>
    public event Action<ComponentKey>? Demand;

    /// <summary>
    /// Counts a request in at the component the router sent it to, from <paramref name="timestamp"/> (a
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp); the counters to count it out on, or null when load is not
    /// counted.
    /// </summary>
    public ComponentCounters? Enter(CompiledRevision revision, string component, long timestamp)
    {
        if (!Enabled)
        {
            return null;
        }

        var counters = (revision.Load ??= Resolve(revision)).For(component);
        counters?.Enter(timestamp);
        return counters;
    }

    /// <summary>
    /// A request starts waiting for a ready replica of a component (of its HTTP or its HTTP/2 replicas alike); the
    /// counters to <see cref="ComponentCounters.Release"/> it on when it stops, or null when load is not counted.
    /// </summary>
    public ComponentCounters? Hold(string service, string revision, string component)
    {
        if (!Enabled)
        {
            return null;
        }

        var counters = Counters(new ComponentKey(service, revision, component));
        if (counters.Hold())
        {
            Demand?.Invoke(counters.Key);
        }

        return counters;
    }

    /// <summary>
    /// Closes every component's bucket at <paramref name="timestamp"/> and gives the load of each component of
    /// <paramref name="routes"/>, idle ones included.
    /// </summary>
    public List<ComponentLoadSample> Sample(CompiledRoutes routes, long timestamp)
    {
        foreach (var counters in _counters.Values)
        {
            counters.CloseBucket(timestamp);
        }

        List<ComponentLoadSample> samples = [];
        foreach (var revision in routes.Services.SelectMany(s => s.Revisions))
        {
            foreach (var counters in (revision.Load ??= Resolve(revision)).Components)
            {
                var key = counters.Key;
                samples.Add(new ComponentLoadSample(
                    key.Service, key.Revision, key.Component, Math.Round(counters.Concurrency, 3), counters.Requests, counters.Held, counters.InFlight));
            }
        }

        return samples;
    }

    private RevisionLoad Resolve(CompiledRevision revision)
    {
        var route = revision.Route;
        return new RevisionLoad(
            route.Predictor is null ? null : Counters(new ComponentKey(revision.Service, revision.Name, Predictor)),
            route.Transformer is null ? null : Counters(new ComponentKey(revision.Service, revision.Name, Transformer)),
            route.Explainer is null ? null : Counters(new ComponentKey(revision.Service, revision.Name, Explainer)));
    }

    private ComponentCounters Counters(ComponentKey key) => _counters.GetOrAdd(key, Create);

    private ComponentCounters Create(ComponentKey key) => new(
        key,
        key.Component is Transformer or Explainer ? Counters(key with { Component = Predictor }) : null,
        System.Diagnostics.Stopwatch.GetTimestamp());
}
