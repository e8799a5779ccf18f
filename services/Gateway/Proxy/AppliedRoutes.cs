using Modelplane.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;

namespace Modelplane.Gateway.Proxy;

/// <summary>
/// The routes requests are routed by: the route table whose clusters YARP has applied. A table just read names
/// revisions whose clusters YARP is still building; routing by it would send a request to a cluster that is not there
/// yet (a new canary's first requests), so the router takes a table only once YARP says it applied it.
/// </summary>
internal sealed class AppliedRoutes(RouteTableSource source) : IConfigChangeListener
{
    private volatile CompiledRoutes? _applied;
    private volatile TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The routes YARP's clusters match; before YARP's first load, the table read at start.</summary>
    public CompiledRoutes Current => _applied ?? source.Current;

    /// <summary>
    /// The routes in force once they are no longer <paramref name="seen"/>, or <paramref name="seen"/> after
    /// <paramref name="limit"/>: YARP removes a cluster a moment before the routes that name it are replaced.
    /// </summary>
    public async Task<CompiledRoutes> ChangedSinceAsync(CompiledRoutes seen, TimeSpan limit, CancellationToken cancellationToken)
    {
        var next = _next.Task;
        if (!ReferenceEquals(Current, seen))
        {
            return Current;
        }

        try
        {
            await next.WaitAsync(limit, cancellationToken);
        }
        catch (TimeoutException)
        {
        }

        return Current;
    }

    /// <inheritdoc />
    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
        foreach (var config in proxyConfigs)
        {
            if (config is RouteTableProxyConfig.Config { Compiled: var routes })
            {
                _applied = routes;
            }
        }

        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <inheritdoc />
    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
    }

    /// <inheritdoc />
    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception)
    {
    }

    /// <inheritdoc />
    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception)
    {
    }
}
