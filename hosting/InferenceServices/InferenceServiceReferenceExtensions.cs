using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.InferenceServices;

/// <summary>
/// Lets any resource of the AppHost call an InferenceService through service discovery, as Aspire's
/// <c>WithReference</c> does for a project: it gets <c>services__{service}__http__0</c> and <c>__grpc__0</c>, the
/// gateway's addresses, where the service answers on its path routes (<c>http://sklearn-iris/v1/models/sklearn-iris:predict</c>).
/// </summary>
public static class InferenceServiceReferenceExtensions
{
    /// <summary>Gives <paramref name="builder"/> the addresses of <paramref name="service"/>, which the gateway routes.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<InferenceServiceResource> service)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(service);
        var graph = ModelplaneGraph.Of(service.ApplicationBuilder);
        var name = service.Resource.Name;
        return builder.WithAnnotation(new InferenceServiceReferenceAnnotation(service.Resource))
            .WithRelationship(service.Resource, "Reference")
            .WithEnvironment(context =>
            {
                var gateway = graph.Resources<GatewayResource>().FirstOrDefault()
                    ?? throw new InvalidOperationException(InferenceServiceReferenceAnnotation.NoGateway(builder.Resource, service.Resource));
                foreach (var endpoint in (string[])[ServicePorts.Http, ServicePorts.Grpc])
                {
                    context.EnvironmentVariables[$"services__{name}__{endpoint}__0"] = gateway.Endpoints is { } local
                        ? (endpoint == ServicePorts.Http ? local.HttpUrl : local.GrpcUrl!).ToString().TrimEnd('/')
                        : gateway.GetEndpoint(endpoint);
                }
            });
    }
}
