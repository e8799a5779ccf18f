using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Modelplane.Gateway.Proxy;

/// <summary>
/// Sends a request to another replica when the chosen one refused the connection, the one failure that proves
/// no byte of the request was sent; the refusing replica is left out until it proves healthy again. Other
/// failures are not retried: the model may have run. A body that was read before the connection failed is sent
/// again from memory (see <see cref="WholeBodies"/>).
/// </summary>
internal sealed class ConnectRetry(RequestDelegate next, IProxyStateLookup proxyState, IDestinationHealthUpdater health, IOptionsMonitor<GatewayOptions> options)
{
    private const int Attempts = 2;

    public async Task InvokeAsync(HttpContext context)
    {
        // A body read whole before the connection is made is gone from the client's stream when that connection is
        // refused; kept in memory, it can be sent again, if there is another replica to send it to.
        var request = context.Request;
        var proxy = context.GetReverseProxyFeature();
        var settings = options.CurrentValue;
        if (proxy.AllDestinations.Count > 1 && WholeBodies.Fit(request.ContentLength, settings))
        {
            request.EnableBuffering(settings.WholeBodyBytes);
        }

        await next(context);
        for (var attempt = 0; attempt < Attempts && IsConnectFailure(context) && !context.Response.HasStarted; attempt++)
        {
            if (proxy.ProxiedDestination is not { } failed || !proxyState.TryGetCluster(proxy.Cluster.Config.ClusterId, out var cluster))
            {
                return;
            }

            health.SetPassive(cluster, failed, DestinationHealth.Unhealthy, TimeSpan.FromSeconds(options.CurrentValue.EjectionSeconds));
            var alternatives = proxy.AllDestinations
                .Where(d => d != failed && d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy)
                .ToList();
            if (alternatives.Count == 0)
            {
                return;
            }

            // The failed attempt set a 502 that no byte of has been sent; the forwarder only sends on a fresh response.
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
            proxy.AvailableDestinations = [alternatives[Random.Shared.Next(alternatives.Count)]];
            if (request.Body.CanSeek)
            {
                request.Body.Position = 0;
            }

            await next(context);
        }
    }

    private static bool IsConnectFailure(HttpContext context) =>
        context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.Request, Exception: { } exception }
        && ExceptionChain.Find<SocketException>(exception) is { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable };
}
