using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modelplane.Hosting.Dashboard;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Autoscaling;

/// <summary>
/// A local run's autoscaler: Knative's KPA (<see cref="KpaScaler"/>) for each component of each revision, fed every
/// second by the gateway's load report (<see cref="GatewayLoadReader"/>), deciding every second and at once when a
/// request waits at a component with no replica. A decision starts or stops replicas of the component's pool
/// (<see cref="ReplicaPool"/>); each change is logged with its reason in the component's console and shown in the
/// dashboard. A transformer's or explainer's replica <c>i</c> calls the predictor's replica <c>i</c>, so a predictor
/// runs at least as many replicas as the other components of its revision.
/// </summary>
internal sealed partial class Autoscaler(
    ModelplaneGraph graph,
    ReplicaPool pool,
    ServiceStates states,
    ResourceLoggerService logs,
    IHostApplicationLifetime lifetime,
    ILogger<Autoscaler> logger) : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly Dictionary<string, Scaled> _components = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _deciding = new(1, 1);

    public void Dispose() => _deciding.Dispose();

    /// <summary>The component's scaler and last decision, for the dashboard and the tests.</summary>
    public ScaleDecision? LastDecision(ComponentResource component) =>
        _components.TryGetValue(component.Name, out var scaled) ? scaled.Last : null;

    /// <summary>
    /// Starts the component's scaling afresh from its spec, when a rollout has given it a new revision: new settings,
    /// empty windows, the spec's initial scale.
    /// </summary>
    public void Reset(ComponentResource component)
    {
        if (_components.TryGetValue(component.Name, out var scaled))
        {
            var settings = SettingsOf(component);
            lock (scaled)
            {
                scaled.Settings = settings;
                scaled.Scaler = new KpaScaler(settings, Now);
                scaled.Last = null;
            }
        }
    }

    /// <summary>Starts following the gateway's load and scaling; the run's components are final by now.</summary>
    public void Start(GatewayResource gateway)
    {
        foreach (var component in graph.Resources<ComponentResource>().Where(c => c.ReplicaResources.Count > 0))
        {
            var settings = SettingsOf(component);
            if (component.Spec.Scaling.Metric is ScaleMetric.Cpu or ScaleMetric.Memory)
            {
                var log = logs.GetLogger(component);
                LogMetricNotLocal(log, component.Spec.Scaling.Metric.Value, settings.Target);
            }

            _components[component.Name] = new Scaled(component, new KpaScaler(settings, Now), settings);
        }

        if (_components.Count == 0)
        {
            return;
        }

        var stopping = lifetime.ApplicationStopping;
        _ = new GatewayLoadReader(gateway, Observe, Demand, logger).RunAsync(stopping);
        _ = TickAsync(stopping);
    }

    /// <summary>The component's minimum and maximum now; null when it is not autoscaled in this run.</summary>
    public (int Min, int Max)? Range(ComponentResource component) =>
        _components.TryGetValue(component.Name, out var scaled) ? (scaled.Settings.MinReplicas, scaled.Settings.MaxReplicas) : null;

    /// <summary>
    /// Changes a component's minimum and maximum while the run lasts (the dashboard's "Set replicas" command); null when
    /// done, else what is wrong with the values. The next decision follows them.
    /// </summary>
    public string? SetRange(ComponentResource component, int min, int max)
    {
        if (!_components.TryGetValue(component.Name, out var scaled))
        {
            return $"{component.Name} is not autoscaled in this run";
        }

        var pool = component.ReplicaResources.Count;
        if (min < 0 || max < 1 || min > max || max > pool)
        {
            return string.Create(CultureInfo.InvariantCulture, $"min {min} and max {max}: give 0 ≤ min ≤ max, and 1 ≤ max ≤ {pool} (the replicas {component.Name} has here; Modelplane:MaxReplicas or the spec's maxReplicas sets how many)");
        }

        lock (scaled)
        {
            scaled.Settings = scaled.Settings with { MinReplicas = min, MaxReplicas = max };
            scaled.Scaler.SetRange(min, max);
        }

        var log = logs.GetLogger(component);
        LogRangeSet(log, min, max);
        _ = DecideAsync(component.Service, component.Revision.Name, lifetime.ApplicationStopping);
        return null;
    }

    private TimeSpan Now => Stopwatch.GetElapsedTime(_origin);

    // The spec's settings, within the component's pool, under the AppHost's cluster-wide ones.
    private KpaSettings SettingsOf(ComponentResource component) => AutoscalingSettings.Apply(
        graph.Configuration,
        KpaSettings.From(component.Spec.Scaling, component.Spec.ContainerConcurrency, component.ReplicaResources.Count));

    // The component the gateway's report names: the one running that revision now (a rollout moves revisions).
    private Scaled? Find(string service, string revision, string role) =>
        Enum.TryParse<ComponentRole>(role, ignoreCase: true, out var parsed)
        && graph.Resources<InferenceServiceResource>().FirstOrDefault(s => s.Spec.Name == service)?.Component(revision, parsed) is { } component
        && _components.TryGetValue(component.Name, out var scaled)
            ? scaled
            : null;

    // Only the revisions the service routes to are scaled; a rollout's standby components are its own business.
    private static bool Routed(ComponentResource component) => component.Service.Spec.FindRevision(component.Revision.Name) is not null;

    private void Observe(string service, string revision, string component, double concurrency, double requests)
    {
        if (Find(service, revision, component) is { } scaled)
        {
            lock (scaled)
            {
                scaled.Scaler.Record(Now, concurrency, requests);
            }
        }
    }

    // A request waits at a component with no replica: decide for its revision now, not at the next tick.
    private void Demand(string service, string revision, string component)
    {
        if (Find(service, revision, component) is { } scaled)
        {
            lock (scaled)
            {
                scaled.Scaler.Poke(Now);
            }

            _ = DecideAsync(scaled.Component.Service, revision, lifetime.ApplicationStopping);
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var revision in _components.Values.Where(s => Routed(s.Component)).Select(s => (s.Component.Service, s.Component.Revision.Name)).Distinct().ToList())
                {
                    await DecideAsync(revision.Service, revision.Name, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DecideAsync(InferenceServiceResource service, string revision, CancellationToken cancellationToken)
    {
        try
        {
            await _deciding.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            var members = _components.Values.Where(s => s.Component.Service == service && s.Component.Revision.Name == revision && Routed(s.Component)).ToList();
            if (members.Count == 0)
            {
                return;
            }

            var now = Now;
            foreach (var scaled in members)
            {
                ScaleDecision decision;
                lock (scaled)
                {
                    decision = scaled.Scaler.Decide(now, states.ReadyCount(scaled.Component));
                }

                Report(scaled, decision);
            }

            // A predictor serves its transformer's and explainer's replicas of the same number.
            var targets = members.ToDictionary(
                s => s.Component,
                s => s.Component.Role == ComponentRole.Predictor ? members.Max(m => m.Last!.Desired) : s.Last!.Desired);
            await pool.ScaleAsync(targets, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogScaleFailed(service.Name, revision, e);
        }
        finally
        {
            _deciding.Release();
        }
    }

    // A change of count or mode is logged in the component's console with its reason; the dashboard shows the latest.
    private void Report(Scaled scaled, ScaleDecision decision)
    {
        var previous = scaled.Last;
        scaled.Last = decision;
        if (previous is null || previous.Desired != decision.Desired || previous.Panicking != decision.Panicking)
        {
            var from = previous?.Desired ?? scaled.Component.ActiveCount;
            var log = logs.GetLogger(scaled.Component);
            LogScaled(log, from, decision.Desired, decision.Reason);
            LogDecision(scaled.Component.Name, from, decision.Desired, decision.Reason);
        }

        _ = states.AutoscaledAsync(scaled.Component, decision, scaled.Settings);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "autoscaler: {From} → {To} replicas ({Reason})")]
    private static partial void LogScaled(ILogger logger, int from, int to, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "autoscaler: replicas now between {Min} and {Max}, as set from the dashboard")]
    private static partial void LogRangeSet(ILogger logger, int min, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the autoscaler scales on {Metric} in a cluster (Kubernetes' HPA); here it scales on concurrency, {Target} requests per replica")]
    private static partial void LogMetricNotLocal(ILogger logger, ScaleMetric metric, double target);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Component}: {From} → {To} replicas ({Reason})")]
    private partial void LogDecision(string component, int from, int to, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "autoscaling {Service} revision {Revision} failed; the next second tries again")]
    private partial void LogScaleFailed(string service, string revision, Exception exception);

    private sealed class Scaled(ComponentResource component, KpaScaler scaler, KpaSettings settings)
    {
        public ComponentResource Component { get; } = component;

        public KpaScaler Scaler { get; set; } = scaler;

        public KpaSettings Settings { get; set; } = settings;

        public ScaleDecision? Last { get; set; }
    }
}
