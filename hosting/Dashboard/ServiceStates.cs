using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;

namespace Modelplane.Hosting.Dashboard;

/// <summary>
/// The states the dashboard shows for what DCP does not run itself: each component (how many of its replicas are
/// ready) and each InferenceService (whether it serves, and why not; its URL, its revisions and their traffic), as
/// <c>kubectl get inferenceservices</c> shows KServe users. A service is <c>Running</c> once every component of every
/// revision has a ready replica, so <c>WaitFor(service)</c> waits until it serves.
/// </summary>
internal sealed class ServiceStates(ModelplaneGraph graph, ResourceNotificationService notifications, IHostApplicationLifetime lifetime)
{
    private readonly ConcurrentDictionary<string, ReplicaView> _replicas = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ResourcePropertySnapshot[]> _autoscaling = new(StringComparer.Ordinal);

    /// <summary>Gives a new InferenceService its first state and its command, "Send sample request".</summary>
    public static IResourceBuilder<InferenceServiceResource> Watch(IResourceBuilder<InferenceServiceResource> builder, ModelplaneGraph graph) =>
        builder.WithInitialState(new CustomResourceSnapshot
        {
            ResourceType = "InferenceService",
            State = KnownResourceStates.Waiting,
            Properties = [],
        })
        .WithCommand(
            "send-sample-request",
            "Send sample request",
            context => SampleCommand.ExecuteAsync(graph, builder.Resource, context.CancellationToken),
            new CommandOptions
            {
                Description = "Send the service its sample request through the gateway and show the answer",
                IconName = "Send",
                UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
            });

    /// <summary>Follows the replicas until the run stops; started before Aspire starts anything, since a service's state is what its dependents wait for.</summary>
    public void Start() => _ = WatchAsync(lifetime.ApplicationStopping);

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                if (change.Resource is ReplicaResource replica)
                {
                    var view = new ReplicaView(change.Snapshot.State?.Text, change.Snapshot.IsReady());
                    if (_replicas.TryGetValue(replica.Name, out var previous) && previous == view)
                    {
                        continue;
                    }

                    _replicas[replica.Name] = view;
                    await PublishAsync(replica.Component);
                    await PublishAsync(replica.Component.Service);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private bool IsReady(ReplicaResource replica) =>
        _replicas.TryGetValue(replica.Name, out var view) && view.Ready;

    /// <summary>How many of the replicas a component runs now are ready.</summary>
    public int ReadyCount(ComponentResource component) => component.ActiveReplicas.Count(IsReady);

    /// <summary>
    /// Shows the autoscaler's decision on its component when it changes the count or the mode: replicas wanted and the
    /// range, stable or panic, and why.
    /// </summary>
    public async Task AutoscaledAsync(ComponentResource component, Autoscaling.ScaleDecision decision, Autoscaling.KpaSettings settings)
    {
        var mode = decision.Panicking ? "panic" : "stable";
        var desired = decision.Desired.ToString(CultureInfo.InvariantCulture);
        if (_autoscaling.TryGetValue(component.Name, out var shown) && shown[0].Value as string == mode && shown[1].Value as string == desired)
        {
            return;
        }

        _autoscaling[component.Name] = [
            new("modelplane.autoscaler", mode) { DisplayName = "Autoscaler" },
            new("modelplane.desired", desired) { DisplayName = "Desired replicas" },
            new("modelplane.scale-range", string.Create(CultureInfo.InvariantCulture, $"{settings.MinReplicas} to {settings.MaxReplicas}")) { DisplayName = "Min to max" },
            new("modelplane.scale-reason", decision.Reason) { DisplayName = "Scale reason" },
        ];
        await PublishAsync(component);
        await PublishAsync(component.Service);
    }

    private Task PublishAsync(ComponentResource component)
    {
        var active = component.ActiveReplicas;
        var ready = active.Count(IsReady);
        var failed = active.Where(r => _replicas.TryGetValue(r.Name, out var v) && v.State is { } s && KnownResourceStates.TerminalStates.Contains(s)).ToList();
        var (state, style) = active.Count == 0 ? ("Scaled to zero", KnownResourceStateStyles.Info)
            : ready == active.Count ? (KnownResourceStates.Running, KnownResourceStateStyles.Success)
            : ready > 0 ? ("Degraded", KnownResourceStateStyles.Warn)
            : failed.Count > 0 ? ("Not ready", KnownResourceStateStyles.Error)
            : (KnownResourceStates.Starting, KnownResourceStateStyles.Info);
        return notifications.PublishUpdateAsync(component, s => s with
        {
            State = new ResourceStateSnapshot(state, style),
            Properties = Merge(s.Properties,
            [
                new("modelplane.replicas", string.Create(CultureInfo.InvariantCulture, $"{ready}/{active.Count} ready")) { DisplayName = "Replicas" },
                new("modelplane.revision", component.Revision.Name) { DisplayName = "Revision" },
                new("modelplane.model", component.ModelName) { DisplayName = "Model" },
                new("modelplane.storage-uri", component.StorageUri ?? string.Empty) { DisplayName = "Storage URI" },
                .. _autoscaling.TryGetValue(component.Name, out var autoscaling) ? autoscaling : [],
            ]),
        });
    }

    private Task PublishAsync(InferenceServiceResource service)
    {
        // A component scaled to zero serves: a request waits while the autoscaler starts a replica.
        var notServing = service.Components.Where(c => c.ActiveCount > 0 && !c.ActiveReplicas.Any(IsReady)).Select(c => c.Name).ToList();
        var serving = notServing.Count == 0 && service.Components.Count > 0;
        var revisions = string.Join(", ", service.Spec.Revisions.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.Name} {r.TrafficPercent}% ({service.Component(r.Name, ComponentRole.Predictor)?.ActiveReplicas.Count(IsReady) ?? 0}/{service.Component(r.Name, ComponentRole.Predictor)?.ActiveCount ?? 0} ready)")));
        var gateway = graph.Resources<GatewayResource>().FirstOrDefault();
        var url = gateway is null ? null : $"http://{gateway.HostOf(service.Spec.Name, service.Spec.Namespace)}";
        return notifications.PublishUpdateAsync(service, s => s with
        {
            State = serving
                ? new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success)
                : new ResourceStateSnapshot(KnownResourceStates.Starting, KnownResourceStateStyles.Info),
            Urls = gateway?.Endpoints is { } endpoints
                ? [new UrlSnapshot("model", new Uri(endpoints.HttpUrl, $"/v2/models/{service.ModelName}").ToString(), IsInternal: false)]
                : s.Urls,
            Properties = Merge(s.Properties,
            [
                new("modelplane.url", url ?? "(no gateway)") { DisplayName = "URL" },
                new("modelplane.revisions", revisions) { DisplayName = "Revisions" },
                new("modelplane.model", service.ModelName) { DisplayName = "Model" },
                new("modelplane.not-ready", serving ? string.Empty : string.Join(", ", notServing)) { DisplayName = "Not ready" },
            ]),
        });
    }

    // Replaces the properties of the same names, keeping the rest.
    private static ImmutableArray<ResourcePropertySnapshot> Merge(ImmutableArray<ResourcePropertySnapshot> properties, ResourcePropertySnapshot[] values) =>
        [.. properties.Where(p => !values.Any(v => v.Name == p.Name)), .. values];

    private sealed record ReplicaView(string? State, bool Ready);
}
