using Microsoft.Extensions.Options;
using Modelplane.Serving.Models;

namespace Modelplane.Serving.Hosting;

/// <summary>Whether the server is ready, by the rule <see cref="ServingOptions.StrictReadiness"/> chooses, and why not.</summary>
public sealed class ServingReadiness(ModelRegistry registry, IOptions<ServingOptions> options)
{
    private readonly TaskCompletionSource _initialLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _initialLoadDone;
    private volatile string? _discoveryFailure;
    private volatile string? _waiting;
    private volatile bool _stopping;

    /// <summary>True once every model found at start has finished loading, ready or failed.</summary>
    public bool InitialLoadDone => _initialLoadDone;

    /// <summary>True when the server should receive traffic.</summary>
    public bool IsReady => Check() is null;

    /// <summary>Null when ready; otherwise the reason the server is not.</summary>
    public string? Check()
    {
        if (_stopping)
        {
            return "the server is stopping: it finishes the requests it has and takes no new ones";
        }

        if (_waiting is { } waiting)
        {
            return waiting;
        }

        if (!_initialLoadDone)
        {
            return "models are still loading";
        }

        if (_discoveryFailure is { } failure)
        {
            return failure;
        }

        var models = registry.All;
        if (models.Count == 0)
        {
            return null;
        }

        var notReady = models.Where(m => !m.IsReady && m.State is not (ModelState.Unloading or ModelState.Unloaded)).ToList();
        if (options.Value.StrictReadiness ? notReady.Count == 0 : models.Any(m => m.IsReady) || notReady.Count == 0)
        {
            return null;
        }

        return "not ready: " + string.Join("; ", notReady.Select(m => $"model '{m.Name}' version {m.Version}: {m.FailureReason ?? m.State.ToString().ToLowerInvariant()}"));
    }

    /// <summary>Completes once the models found at start have finished loading.</summary>
    public Task WaitForInitialLoadAsync(CancellationToken cancellationToken) => _initialLoad.Task.WaitAsync(cancellationToken);

    internal void MarkInitialLoadDone()
    {
        _initialLoadDone = true;
        _initialLoad.TrySetResult();
    }

    /// <summary>True once the server was told to stop; it still answers what reaches it while it drains.</summary>
    public bool Stopping => _stopping;

    internal void MarkStopping() => _stopping = true;

    internal void MarkDiscoveryFailed(string reason) => _discoveryFailure = reason;

    /// <summary>Says what the start-up is waiting for (a model store that cannot be reached yet); null when nothing.</summary>
    internal void MarkWaiting(string? reason) => _waiting = reason;
}
