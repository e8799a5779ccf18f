using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using Modelplane.Hosting.Autoscaling;
using Modelplane.Hosting.Dashboard;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Revisions;

/// <summary>
/// Revisions of an InferenceService read from a spec file, as KServe makes them: a changed spec becomes a new revision
/// (<c>00002</c>, <c>00003</c>...) that starts beside the one serving, and traffic moves only once every component of it
/// is ready: all of it, or with <c>canaryTrafficPercent</c> that share, the previous revision keeping the rest. A revision
/// left with no traffic drains what it was sent and stops. Promote gives the latest revision all the traffic, roll back
/// the previous one. Aspire's resources are fixed once it runs, so each such service has two sets of components: the
/// revision serving runs in one, a new one starts in the other (<c>{service}-{role}-{revision}-b</c>).
/// </summary>
internal sealed partial class Rollouts(
    ModelplaneGraph graph,
    ReplicaPool pool,
    Autoscaler autoscaler,
    ServiceStates states,
    ResourceLoggerService logs,
    ILogger<Rollouts> logger) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Rollout> _services = new(StringComparer.Ordinal);

    public void Dispose()
    {
        foreach (var rollout in _services.Values)
        {
            rollout.Dispose();
        }
    }

    /// <summary>The name of the standby components' revision until a rollout gives them one.</summary>
    public static string StandbyOf(string revision) => $"{revision}-b";

    /// <summary>Whether the service has the two sets of components a rollout needs.</summary>
    public bool CanRollOut(InferenceServiceResource service) => State(service) is not null;

    /// <summary>The spec the service's file said last, which a change is compared with.</summary>
    public InferenceServiceSpec? LastRead(InferenceServiceResource service) => State(service)?.LastRead;

    /// <summary>
    /// Rolls <paramref name="service"/> out to <paramref name="spec"/>: a new revision in the standby components, traffic
    /// moved once it is ready. A spec that cannot run here, or a revision that does not become ready, leaves the serving
    /// revision as it is; the reason is logged on the service. Null when done, else why not.
    /// </summary>
    public async Task<string?> RollOutAsync(InferenceServiceResource service, InferenceServiceSpec spec, CancellationToken cancellationToken)
    {
        if (State(service) is not { } rollout)
        {
            return $"{service.Name} is not rolled out from its spec file in this run";
        }

        await rollout.Lock.WaitAsync(cancellationToken);
        try
        {
            rollout.LastRead = spec;
            var problems = new List<string>();
            var revisions = ComponentExpansion.Plan(graph, service, spec, problems);
            if (problems.Count > 0 || revisions is not [var plans])
            {
                return Refuse(service, problems.Count > 0 ? string.Join("; ", problems) : "the changed spec has several revisions; only a spec with one (KServe's) is rolled out while the AppHost runs: restart it to apply this one");
            }

            var slotRoles = rollout.Standby(service).Select(c => c.Role).Order().ToList();
            if (!plans.Select(p => p.Role).Order().SequenceEqual(slotRoles))
            {
                return Refuse(service, $"the changed spec has {string.Join(", ", plans.Select(p => Lower(p.Role)))} where the running one has {string.Join(", ", slotRoles.Select(Lower))}; adding or removing a transformer or explainer takes a restart of the AppHost");
            }

            // Which build a replica runs, and on which GPUs, is settled when the run starts (see Gpus/LocalGpus).
            var gpus = plans.Single(p => p.Role == ComponentRole.Predictor).Spec.Resources.Gpus ?? 0;
            var runningGpus = rollout.Standby(service).Single(c => c.Role == ComponentRole.Predictor).Spec.Resources.Gpus ?? 0;
            if (gpus != runningGpus)
            {
                return Refuse(service, $"the changed spec asks for {gpus} GPUs per predictor replica where the running one asks for {runningGpus}; a change of nvidia.com/gpu takes a restart of the AppHost");
            }

            // A canary still taking its share is replaced, as KServe replaces an unpromoted latest revision.
            if (rollout.Latest != rollout.Stable)
            {
                await RouteAsync(service, [(rollout.Stable, 100)], stop: rollout.Latest, cancellationToken);
                rollout.Latest = rollout.Stable;
            }

            var target = rollout.Standby(service);
            rollout.Generation++;
            var name = rollout.Generation.ToString("D5", CultureInfo.InvariantCulture);
            var revision = plans[0].Revision with { Name = name };
            var predictor = target.Single(c => c.Role == ComponentRole.Predictor);
            foreach (var component in target)
            {
                var plan = plans.Single(p => p.Role == component.Role);
                component.Assign(plan with { Revision = revision, Predictor = component.Role == ComponentRole.Predictor ? null : predictor });
                autoscaler.Reset(component);
            }

            Log(service, $"spec changed: starting revision {name} beside {rollout.Stable[0].Revision.Name}");
            var initial = target.Max(c => Math.Max(c.Replicas.Initial, 1));
            await pool.ScaleAsync(target.ToDictionary(c => c, _ => initial), cancellationToken);
            if (await ReadyAsync(target, cancellationToken) is { } failure)
            {
                await pool.ScaleAsync(target.ToDictionary(c => c, _ => 0), cancellationToken);
                return Refuse(service, $"revision {name} did not become ready ({failure}); revision {rollout.Stable[0].Revision.Name} keeps serving");
            }

            rollout.Latest = target;
            if (spec.CanaryTrafficPercent is { } canary and < 100)
            {
                await RouteAsync(service, [(rollout.Stable, 100 - canary), (target, canary)], stop: null, cancellationToken);
                Log(service, $"revision {name} is ready and takes {canary}% of the traffic; {rollout.Stable[0].Revision.Name} keeps {100 - canary}% (promote or roll back)");
            }
            else
            {
                var previous = rollout.Stable;
                rollout.Stable = target;
                await RouteAsync(service, [(target, 100)], stop: previous, cancellationToken);
                Log(service, $"revision {name} is ready and takes all the traffic; {previous[0].Revision.Name} drains and stops");
            }

            service.Spec = service.Spec with { CanaryTrafficPercent = spec.CanaryTrafficPercent, Annotations = spec.Annotations, Labels = spec.Labels, Logger = spec.Logger };
            return null;
        }
        finally
        {
            rollout.Lock.Release();
        }
    }

    /// <summary>Gives the latest revision all the traffic and stops the previous one; null when done, else why not.</summary>
    public Task<string?> PromoteAsync(InferenceServiceResource service, CancellationToken cancellationToken) => SettleAsync(service, promote: true, cancellationToken);

    /// <summary>Gives the previous revision all the traffic back and stops the latest; null when done, else why not.</summary>
    public Task<string?> RollBackAsync(InferenceServiceResource service, CancellationToken cancellationToken) => SettleAsync(service, promote: false, cancellationToken);

    private async Task<string?> SettleAsync(InferenceServiceResource service, bool promote, CancellationToken cancellationToken)
    {
        if (State(service) is not { } rollout)
        {
            return $"{service.Name} has no revisions to promote or roll back in this run (only services read from a spec file, with Modelplane:FollowSpecs on, have)";
        }

        await rollout.Lock.WaitAsync(cancellationToken);
        try
        {
            if (rollout.Latest == rollout.Stable)
            {
                return $"{service.Name} runs one revision, {rollout.Stable[0].Revision.Name}; there is nothing to {(promote ? "promote" : "roll back")}";
            }

            var (keep, stop) = promote ? (rollout.Latest, rollout.Stable) : (rollout.Stable, rollout.Latest);
            await RouteAsync(service, [(keep, 100)], stop, cancellationToken);
            rollout.Stable = rollout.Latest = keep;
            Log(service, $"{(promote ? "promoted" : "rolled back to")} revision {keep[0].Revision.Name}: it takes all the traffic; {stop[0].Revision.Name} drains and stops");
            return null;
        }
        finally
        {
            rollout.Lock.Release();
        }
    }

    // Routes the service's traffic to the given revisions, then stops the one left out (its replicas drain first).
    private async Task RouteAsync(InferenceServiceResource service, IReadOnlyList<(IReadOnlyList<ComponentResource> Components, int Percent)> routes, IReadOnlyList<ComponentResource>? stop, CancellationToken cancellationToken)
    {
        service.Spec = service.Spec with { Revisions = EquatableList.From(routes.Select(r => r.Components[0].Revision with { TrafficPercent = r.Percent })) };
        if (stop is null)
        {
            await RouteTables.WriteAllAsync(graph, cancellationToken);

            return;
        }

        // Writes the table without it, waits for the gateway to read it, and stops it.
        await pool.ScaleAsync(stop.ToDictionary(c => c, _ => 0), cancellationToken);
    }

    // Every component of the revision has a ready replica; else why not (a replica that failed, or the time it took).
    private async Task<string?> ReadyAsync(IReadOnlyList<ComponentResource> revision, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (revision.All(c => states.ReadyCount(c) > 0))
            {
                return null;
            }

            if (revision.FirstOrDefault(c => c.Unavailable is not null) is { } failed)
            {
                return failed.Unavailable;
            }

            await Task.Delay(100, cancellationToken);
        }

        return $"not ready within {Patience.TotalMinutes:0} minutes";
    }

    private Rollout? State(InferenceServiceResource service)
    {
        if (_services.TryGetValue(service.Name, out var known))
        {
            return known;
        }

        var serving = service.Spec.Revisions is [var only] ? service.Components.Where(c => c.Revision.Name == only.Name).ToList() : [];
        var standby = serving.Count > 0 ? service.Components.Where(c => c.Revision.Name == StandbyOf(serving[0].Revision.Name)).ToList() : [];
        return standby.Count == 0 || standby.Count != serving.Count
            ? null
            : _services.GetOrAdd(service.Name, _ => new Rollout(serving, standby, service.Spec));
    }

    private string? Refuse(InferenceServiceResource service, string reason)
    {
        var log = logs.GetLogger(service);
        LogRefused(log, reason);
        LogRolloutFailed(service.Name, reason);
        return reason;
    }

    private void Log(InferenceServiceResource service, string message)
    {
        var log = logs.GetLogger(service);
        LogStep(log, message);
        LogRollout(service.Name, message);
    }

    private static string Lower(ComponentRole role) => role.ToString().ToLowerInvariant();

    [LoggerMessage(Level = LogLevel.Information, Message = "rollout: {Message}")]
    private static partial void LogStep(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rollout not done: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service}: {Message}")]
    private partial void LogRollout(string service, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: rollout not done: {Reason}")]
    private partial void LogRolloutFailed(string service, string reason);

    // The two sets of components of a service, which of them serves (Stable: all traffic, or the rest beside a canary)
    // and which is the latest; the generation of the newest revision; the spec its file said last.
    private sealed class Rollout(List<ComponentResource> serving, List<ComponentResource> standby, InferenceServiceSpec read) : IDisposable
    {
        public readonly SemaphoreSlim Lock = new(1, 1);

        public IReadOnlyList<ComponentResource> First { get; } = serving;

        public IReadOnlyList<ComponentResource> Second { get; } = standby;

        public IReadOnlyList<ComponentResource> Stable { get; set; } = serving;

        public IReadOnlyList<ComponentResource> Latest { get; set; } = serving;

        public int Generation { get; set; } = 1;

        public InferenceServiceSpec LastRead { get; set; } = read;

        public void Dispose() => Lock.Dispose();

        // The set that carries no traffic.
        public IReadOnlyList<ComponentResource> Standby(InferenceServiceResource service) => Stable == First ? Second : First;
    }
}
