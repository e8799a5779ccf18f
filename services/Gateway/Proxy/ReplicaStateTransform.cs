using Microsoft.AspNetCore.Http.Features;
using Modelplane.Serving.Routing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Transforms;

namespace Modelplane.Gateway.Proxy;

/// <summary>
/// Reads what a replica says of itself on its answer (<see cref="ReplicaStateHeader"/>): a replica that is stopping
/// or not ready is left out at once, not at the next readiness probe. Its answer while stopping is good and goes to
/// the client; its 503 "not ready" is held back, when the request can be sent again, for <see cref="ReplicaRetry"/>
/// to send it to a ready replica. The header stays between the gateway and its replicas.
/// </summary>
internal sealed class ReplicaStateTransform(ReplicaHolds holds, IProxyStateLookup proxyState)
{
    public ValueTask ApplyAsync(ResponseTransformContext context)
    {
        if (context.ProxyResponse is not { } answer || !answer.Headers.TryGetValues(ReplicaStateHeader.Name, out var values))
        {
            return ValueTask.CompletedTask;
        }

        var http = context.HttpContext;
        http.Response.Headers.Remove(ReplicaStateHeader.Name);
        var state = values.FirstOrDefault();
        var proxy = http.GetReverseProxyFeature();
        if (proxy.ProxiedDestination is not { } replica || !proxyState.TryGetCluster(proxy.Cluster.Config.ClusterId, out var cluster))
        {
            return ValueTask.CompletedTask;
        }

        if (state == ReplicaStateHeader.Draining)
        {
            holds.MarkDown(cluster, replica, "stopping");
        }
        else if (state == ReplicaStateHeader.NotReady)
        {
            // A gRPC answer says it with grpc-status UNAVAILABLE in a 200; its body streamed and is not sent again.
            holds.MarkDown(cluster, replica, "not ready: its models are still loading");
            if ((int)answer.StatusCode == StatusCodes.Status503ServiceUnavailable && CanSendAgain(http.Request))
            {
                context.SuppressResponseBody = true;
                http.Features.Set(new NotReadyAnswer());
            }
        }

        return ValueTask.CompletedTask;
    }

    // The body is in memory (see ReplicaRetry), or there is none.
    private static bool CanSendAgain(HttpRequest request) =>
        request.Body.CanSeek || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false };

    /// <summary>Set when a replica's 503 "not ready" was held back from the client.</summary>
    internal sealed class NotReadyAnswer;
}
