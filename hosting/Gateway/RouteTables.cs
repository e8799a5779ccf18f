using System.Text.Json;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Specs;
using Modelplane.Serving.Routing;

namespace Modelplane.Hosting.Gateway;

/// <summary>
/// The gateway's route table, made from the graph: services, their revisions with traffic shares, and each
/// component's replica addresses as a placement gives them (ports of 127.0.0.1 in a local run, Services in a
/// cluster). It is the gateway's own <see cref="RouteTable"/>, written with the gateway's own JSON contract.
/// </summary>
internal static class RouteTables
{
    private static readonly SemaphoreSlim Writing = new(1, 1);

    public static RouteTable Create(GatewayResource gateway, IEnumerable<InferenceServiceResource> services, IPlacement placement) => new()
    {
        Domain = gateway.Domain,
        Services = [.. services.Select(service => Service(service, placement))],
    };

    /// <summary>The table as JSON, indented as a person would read it.</summary>
    public static string ToJson(RouteTable table) => JsonSerializer.Serialize(table, RouteTableJsonContext.Default.RouteTable) + "\n";

    /// <summary>Writes the local run's table for every gateway of the graph.</summary>
    public static async Task WriteAllAsync(ModelplaneGraph graph, CancellationToken cancellationToken)
    {
        foreach (var gateway in graph.Resources<GatewayResource>())
        {
            await WriteAsync(graph, gateway, cancellationToken);
        }
    }

    /// <summary>Writes the local run's table where the gateway reads it, whole under another name first, so its watcher never reads half.</summary>
    public static async Task WriteAsync(ModelplaneGraph graph, GatewayResource gateway, CancellationToken cancellationToken)
    {
        // The autoscaler and the start failures both write it; one at a time, each with the state of its moment.
        await Writing.WaitAsync(cancellationToken);
        try
        {
            var table = Create(gateway, graph.Resources<InferenceServiceResource>(), new LocalPlacement(graph.Builder.Environment.EnvironmentName, gateway.Endpoints!));
            Directory.CreateDirectory(Path.GetDirectoryName(gateway.RouteTablePath)!);
            var staging = gateway.RouteTablePath + ".new";
            await File.WriteAllTextAsync(staging, ToJson(table), cancellationToken);
            File.Move(staging, gateway.RouteTablePath, overwrite: true);
        }
        finally
        {
            Writing.Release();
        }
    }

    private static ServiceRoute Service(InferenceServiceResource service, IPlacement placement)
    {
        var spec = service.Spec;

        // The entry component's timeout and concurrency bound the whole service, as Knative's do for a revision.
        var entry = spec.Revisions[0].Transformer ?? spec.Revisions[0].Predictor;
        var perReplica = entry.ContainerConcurrency ?? 0;
        // The most replicas it may run: a local run's whole pool, a cluster's maximum.
        var replicas = service.Components.Where(c => c.Role == ComponentRole.Predictor).Sum(c => c.ReplicaResources.Count > 0 ? c.ReplicaResources.Count : c.Replicas.Max);
        return new ServiceRoute
        {
            Name = spec.Name,
            Namespace = spec.Namespace,
            TimeoutSeconds = entry.Timeout?.TotalSeconds ?? ServiceRoute.DefaultTimeoutSeconds,
            MaxConcurrency = perReplica > 0 ? perReplica * Math.Max(replicas, 1) : 0,
            Logger = spec.Logger is { } logger ? new PayloadLoggerRoute { Url = logger.Url ?? string.Empty, Mode = logger.Mode.ToString().ToLowerInvariant() } : null,
            Revisions = [.. spec.Revisions.Select(revision => new RevisionRoute
            {
                Name = revision.Name,
                Percent = revision.TrafficPercent,
                Predictor = Component(service.Component(revision.Name, ComponentRole.Predictor), placement),
                Transformer = Component(service.Component(revision.Name, ComponentRole.Transformer), placement),
                Explainer = Component(service.Component(revision.Name, ComponentRole.Explainer), placement),
            })],
        };
    }

    // A local component the autoscaler has stopped every replica of lists none.
    private static ComponentRoute? Component(ComponentResource? component, IPlacement placement)
    {
        if (component is null)
        {
            return null;
        }

        var http = placement.Addresses(component, ServicePorts.Http);
        return new() { Http = http, Grpc = placement.Addresses(component, ServicePorts.Grpc), ScaledToZero = http.Count == 0, ThroughActivator = placement.ThroughActivator(component), Unavailable = component.Unavailable };
    }
}
