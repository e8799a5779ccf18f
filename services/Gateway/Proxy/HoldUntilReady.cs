using Yarp.ReverseProxy.Model;

namespace Modelplane.Gateway.Proxy;

/// <summary>
/// Before a replica is chosen: a request for a component with no ready replica waits in <see cref="ReplicaHolds"/>
/// until one is, rather than failing at once. A request that cannot wait (the queue is full, the wait ran out) leaves a
/// <see cref="HoldFailure"/> for the router to answer with its 503. A request with a ready replica passes straight on.
/// </summary>
internal sealed class HoldUntilReady(RequestDelegate next, ReplicaHolds holds)
{
    public Task InvokeAsync(HttpContext context) =>
        context.GetReverseProxyFeature().AvailableDestinations.Count > 0 ? next(context) : HoldAsync(context);

    private async Task HoldAsync(HttpContext context)
    {
        if (await holds.WaitAsync(context) is not null)
        {
            await next(context);
        }
    }
}
