using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Variables;
using Modelplane.Hosting.Processes;
using Modelplane.Hosting.Publishing.Manifest;

namespace Modelplane.Hosting.Gateway;

/// <summary>Adds Modelplane's gateway to an Aspire AppHost, and lets other resources call an InferenceService through it.</summary>
public static class GatewayBuilderExtensions
{
    /// <summary>
    /// Adds the gateway on <paramref name="port"/> (a free port when null, or as <c>Modelplane:Endpoints:{name}:http</c>
    /// says, 0 for a free one), routing every InferenceService of the graph on <c>{service}.{namespace}.{domain}</c>
    /// and by path. The AppHost's <c>Gateway:*</c> settings are passed on to it, its API keys as secret parameters.
    /// </summary>
    public static IResourceBuilder<GatewayResource> AddGateway(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ResourceNames.ThrowIfInvalid(name);
        var graph = ModelplaneGraph.Of(builder);
        if (graph.Configuration[$"Modelplane:Endpoints:{name}:http"] is { Length: > 0 } configured)
        {
            if (int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed <= 65535)
            {
                port = parsed == 0 ? null : parsed;
            }
            else
            {
                graph.AddProblem($"Modelplane:Endpoints:{name}:http is '{configured}', not a port number (0 for any free port)");
            }
        }

        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, $"{name}: port {port} is not between 1 and 65535");
        }

        var project = ServiceProject.Gateway;
        var resource = new GatewayResource(name, project, graph.Domain, Path.Combine(graph.DataDirectory, $"{name}-routes.json"), port);
        var gateway = builder.AddResource(resource).WithManifestPublishingCallback(context => ManifestResources.WriteGatewayAsync(context, resource, graph));
        GatewaySettings.Apply(graph, gateway);
        if (!graph.IsRunMode)
        {
            // Published, the gateway listens on a container's ports; references to it name those.
            gateway.WithAnnotation<IProjectMetadata>(project)
                .WithHttpEndpoint(targetPort: ServicePorts.HttpTarget, name: ServicePorts.Http)
                .WithEndpoint(targetPort: ServicePorts.GrpcTarget, scheme: "http", name: ServicePorts.Grpc);
        }

        return gateway;
    }

    /// <summary>
    /// Requires an API key on every inference request; this one, kept in the secret <paramref name="key"/> parameter,
    /// may call <paramref name="services"/> (all when none are named).
    /// </summary>
    public static IResourceBuilder<GatewayResource> WithApiKey(this IResourceBuilder<GatewayResource> builder, string name, IResourceBuilder<ParameterResource> key, params string[] services)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(key);
        builder.Resource.AddApiKey(new GatewayApiKey(name, key.Resource, services.Length == 0 ? ["*"] : services));
        return builder;
    }

    /// <summary>Readies the gateway for a local run: its ports (the one asked for, and a free one for gRPC), launch and readiness.</summary>
    internal static void PrepareLocalRun(ModelplaneGraph graph, GatewayResource gateway)
    {
        var endpoints = new LocalEndpoints(gateway.FixedPort ?? graph.Ports.Allocate(), graph.Ports.Allocate());
        gateway.Endpoints = endpoints;
        var environmentName = graph.Builder.Environment.EnvironmentName;
        graph.Builder.CreateResourceBuilder(gateway)
            .RunLocally(gateway.Project, endpoints, set =>
            {
                ServiceEnvironment.Of(gateway, new LocalPlacement(environmentName, endpoints)).SetEach(set);

                // The AppHost's autoscaler follows the load it reports.
                set("Gateway__LoadReport", "true");
            }, instance => gateway.Instance = instance)
            .WithReadinessCheck();
    }
}
