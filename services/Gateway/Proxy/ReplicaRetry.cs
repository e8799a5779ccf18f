using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;

namespace Modelplane.Gateway.Proxy;

/// <summary>
/// Sends a request again when the replica it went to proves it never ran it: the connection was refused (no byte of
/// the request was sent), or the replica answered 503 saying it is not ready yet (<see cref="ReplicaStateTransform"/>).
/// That replica is left out until a readiness probe finds it ready; the request goes to another ready replica of the
/// same component, or waits in <see cref="ReplicaHolds"/> for one. Other failures are not retried: the model may have
/// run. A body that was read before the connection failed is sent again from memory (see <see cref="WholeBodies"/>).
/// </summary>
internal sealed class ReplicaRetry(RequestDelegate next, ReplicaHolds holds, IProxyStateLookup proxyState, IOptionsMonitor<GatewayOptions> options)
{
    // A replica that refuses, is started again, and refuses again; beyond this the request fails with its reason.
    private const int Attempts = 5;

    public async Task InvokeAsync(HttpContext context)
    {
        // A body read whole before the connection is made is gone from the client's stream when that connection is
        // refused; kept in memory, it can be sent again. A larger body streams, and is not touched before a connection.
        var request = context.Request;
        var settings = options.CurrentValue;
        if (WholeBodies.Fit(request.ContentLength, settings))
        {
            request.EnableBuffering((int)request.ContentLength!.Value);
        }

        await next(context);
        var proxy = context.GetReverseProxyFeature();
        for (var attempt = 0; !context.Response.HasStarted; attempt++)
        {
            var notReady = context.Features.Get<ReplicaStateTransform.NotReadyAnswer>() is not null;
            var failed = proxy.ProxiedDestination;
            if (failed is null || !proxyState.TryGetCluster(proxy.Cluster.Config.ClusterId, out var cluster) || attempt == Attempts)
            {
                if (notReady)
                {
                    // The replica's 503 was held back for a resend that will not happen: the router answers instead.
                    Reset(context, notReady, settings.RevisionHeader);
                    context.Features.Set(new HoldFailure(HoldFailure.Kind.NotReady, attempt + 1, TimeSpan.Zero, failed is null ? null : $"{failed.Model.Config.Address}: not ready: its models are still loading"));
                }

                return;
            }

            if (!notReady)
            {
                // Any transport failure leaves the replica out at once, so the requests behind this one do not follow
                // it into a dead process's connections; only a refused connection is sent again.
                if (context.Features.Get<IForwarderErrorFeature>() is not { Error: ForwarderError.Request, Exception: { } exception })
                {
                    return;
                }

                holds.MarkDown(cluster, failed, ExceptionChain.Reason(exception));
                if (!ExceptionChain.IsConnectionRefused(exception))
                {
                    return;
                }
            }

            // Nothing of the failed attempt has been sent; the forwarder only sends on a fresh response.
            Reset(context, notReady, settings.RevisionHeader);
            var ready = await holds.WaitAsync(context);
            if (ready is null)
            {
                return;
            }

            proxy.AvailableDestinations = ready.Count == 1 ? ready : [ready[Random.Shared.Next(ready.Count)]];
            if (request.Body.CanSeek)
            {
                request.Body.Position = 0;
            }

            await next(context);
        }
    }

    private static void Reset(HttpContext context, bool notReady, string revisionHeader)
    {
        context.Features.Set<IForwarderErrorFeature>(null);
        context.Features.Set<ReplicaStateTransform.NotReadyAnswer>(null);
        var response = context.Response;
        if (notReady)
        {
            // The replica's 503 and its headers were copied, not sent; the router's revision header stays.
            var revision = response.Headers[revisionHeader];
            response.Clear();
            response.Headers[revisionHeader] = revision;
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
        }
    }
}
