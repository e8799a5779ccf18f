using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Gateway;

/// <summary>Adds the ingress: Modelplane's gateway, routing every InferenceService of the graph by host and path.</summary>
public static class GatewayBuilderExtensions
{
    /// <summary>
    /// Adds the gateway on <paramref name="port"/> (a free port when null), with its route table written from the
    /// graph; services answer on <c>{service}.{namespace}.{domain}</c>, the domain being <c>Modelplane:Domain</c>
    /// (<c>example.com</c> by default, as KServe's).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddGateway(this PlatformApplicationBuilder builder, string name, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var routes = Path.Combine(builder.DataDirectory, $"{name}-routes.json");
        var domain = builder.Configuration["Modelplane:Domain"] is { Length: > 0 } configured ? configured : "example.com";
        var gateway = builder.AddResource(new GatewayResource(name, ServiceProject.Gateway, domain))
            .WithEndpoint(EndpointAnnotation.Http, port)
            .WithEndpoint(EndpointAnnotation.Grpc, targetPort: 8081)
            .WithAnnotation(new HealthCheckAnnotation(EndpointAnnotation.Http, "/v2/health/ready"))
            .WithEnvironment("Gateway__RouteTable", routes);
        gateway.WithAnnotation(new RouteTableHook(gateway.Resource, routes)).WithAnnotation(new FirstPredictionHook(gateway.Resource));
        return gateway;
    }
}
