using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Modelplane.Serving.Hosting;

/// <summary>
/// The web server, with the addresses the web host hands it cleared before it starts: <see cref="ServingEndpoints"/>
/// has already bound them, beside the gRPC port, and the server would otherwise report them "overridden".
/// </summary>
internal sealed class EndpointOwningServer(IServer server) : IServer
{
    public IFeatureCollection Features => server.Features;

    /// <summary>Wraps the registered server, when it is registered by type; otherwise leaves it as it is.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IServer));
        if (registered?.ImplementationType is not { } type)
        {
            return;
        }

        services.Remove(registered);
        services.Add(ServiceDescriptor.Describe(
            typeof(IServer),
            provider => new EndpointOwningServer((IServer)ActivatorUtilities.CreateInstance(provider, type)),
            registered.Lifetime));
    }

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        if (server.Features.Get<IServerAddressesFeature>()?.Addresses is { IsReadOnly: false } addresses)
        {
            addresses.Clear();
        }

        return server.StartAsync(application, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);

    public void Dispose() => server.Dispose();
}
