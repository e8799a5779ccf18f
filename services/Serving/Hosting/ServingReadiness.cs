using Microsoft.Extensions.Options;
using Modelplane.Serving.Models;

namespace Modelplane.Serving.Hosting;

/// <summary>Whether the server is ready, by the rule <see cref="ServingOptions.StrictReadiness"/> chooses, and why not.</summary>
public sealed class ServingReadiness(ModelRegistry registry, IOptions<ServingOptions> options)
{
    private volatile bool _initialLoadDone;
    private volatile string? _discoveryFailure;

    /// <summary>True once every model found at start has finished loading, ready or failed.</summary>
    public bool InitialLoadDone => _initialLoadDone;

    /// <summary>True when the server should receive traffic.</summary>
    public bool IsReady => Check() is null;

    /// <summary>Null when ready; otherwise the reason the server is not.</summary>
    public string? Check()
    {
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

        var notReady = models.Where(m => !m.IsReady).ToList();
        if (options.Value.StrictReadiness ? notReady.Count == 0 : notReady.Count < models.Count)
        {
            return null;
        }

        return "not ready: " + string.Join("; ", notReady.Select(m => $"model '{m.Name}' version {m.Version}: {m.FailureReason ?? m.State.ToString().ToLowerInvariant()}"));
    }

    internal void MarkInitialLoadDone() => _initialLoadDone = true;

    internal void MarkDiscoveryFailed(string reason) => _discoveryFailure = reason;
}
