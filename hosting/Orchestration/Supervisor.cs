using System.Collections.Concurrent;
using Modelplane.Hosting.ApplicationModel;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.ModelStore;

namespace Modelplane.Hosting.Orchestration;

/// <summary>
/// Runs the graph on this machine (Aspire's orchestrator): chooses every endpoint's port, starts each resource once
/// the resources it waits for are healthy, restarts replicas that exit, and stops everything in reverse order.
/// </summary>
public sealed class Supervisor : IAsyncDisposable
{
    private readonly PlatformApplicationModel _model;
    private readonly SupervisorOptions _options;
    private readonly IRunObserver _observer;
    private readonly EndpointTable _endpoints;
    private readonly ConcurrentDictionary<string, string> _connectionStrings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IResourceRunner> _runners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _started = new(StringComparer.Ordinal);
    private readonly StorageInitialization _storage = new();
    private readonly CancellationTokenSource _stopping = new();
    private bool _stopped;

    internal Supervisor(PlatformApplicationModel model, SupervisorOptions options, IRunObserver observer)
    {
        _model = model;
        _options = options;
        _observer = observer;
        _endpoints = new EndpointTable(model, new PortAllocator());
        var logs = Path.Combine(options.DataDirectory, "logs");
        Directory.CreateDirectory(logs);
        var settings = new LaunchSettings(options.Environment, options.OtlpEndpoint, logs);
        foreach (var resource in model.Resources.Where(r => r is not InferenceServiceResource))
        {
            _runners[resource.Name] = resource switch
            {
                ModelStoreResource store => new ModelStoreRunner(store, Path.Combine(options.DataDirectory, "stores"), observer, (name, value) => _connectionStrings[name] = value),
                ProjectResource or ExecutableResource => new ProcessResourceRunner(resource, _endpoints, () => new LaunchPlanner(_endpoints, _connectionStrings, settings), _storage, observer, logs),
                _ => throw new GraphException([$"{resource.Name}: a {resource.GetType().Name} cannot run locally"]),
            };
        }
    }

    /// <summary>The graph it runs.</summary>
    public PlatformApplicationModel Model => _model;

    /// <summary>Every replica of every resource as it is now, in graph order.</summary>
    public IReadOnlyList<ReplicaStatus> Replicas => [.. _model.Resources.Where(r => _runners.ContainsKey(r.Name)).SelectMany(r => _runners[r.Name].Replicas)];

    /// <summary>A replica's endpoint, chosen before anything started.</summary>
    public Uri Endpoint(string resource, string endpoint = EndpointAnnotation.Http, int replica = 0) =>
        _endpoints.Of(resource, replica).TryGetValue(endpoint, out var address)
            ? address
            : _runners.TryGetValue(resource, out var runner) && runner.Replicas[replica].Endpoints.TryGetValue(endpoint, out var running)
                ? running
                : throw new KeyNotFoundException($"{resource} has no endpoint '{endpoint}' on replica {replica}");

    /// <summary>Every replica's address of one endpoint of a resource.</summary>
    public IReadOnlyList<Uri> Endpoints(string resource, string endpoint) => _endpoints.All(resource, endpoint);

    /// <summary>
    /// Starts every resource once those it waits for are healthy, and completes when all are healthy; a resource that
    /// cannot start at all fails it. Replicas that crash meanwhile are restarted and waited for.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var hook in _model.Resources.SelectMany(r => r.Annotations.OfType<RunHookAnnotation>()))
        {
            await hook.BeforeStartAsync(this, cancellationToken);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        foreach (var resource in _model.Resources)
        {
            _ = StartInOrder(resource, linked.Token);
        }

        await Task.WhenAll(_started.Values);
    }

    /// <summary>Completes when <paramref name="resource"/> is healthy.</summary>
    public Task WaitForHealthyAsync(string resource, CancellationToken cancellationToken) =>
        _started.TryGetValue(resource, out var started) ? started.WaitAsync(cancellationToken) : throw new KeyNotFoundException($"no resource named '{resource}' has been started");

    /// <summary>Kills one replica's process as a crash would; the supervisor restarts it after its back-off.</summary>
    public void Kill(string resource, int replica) =>
        ((ProcessResourceRunner)_runners[resource]).Runners[replica].KillProcess();

    /// <summary>Stops every resource: those that wait for others first, so nothing loses what it depends on while it runs.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        foreach (var runner in _runners.Values.OfType<ProcessResourceRunner>().SelectMany(r => r.Runners))
        {
            runner.PrepareToStop();
        }

        await _stopping.CancelAsync();
        foreach (var layer in StopLayers())
        {
            await Task.WhenAll(layer.Select(r => _runners[r.Name].StopAsync()));
        }

        foreach (var runner in _runners.Values.OfType<IDisposable>())
        {
            runner.Dispose();
        }

        _storage.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private Task StartInOrder(IResource resource, CancellationToken cancellationToken)
    {
        if (_started.TryGetValue(resource.Name, out var started))
        {
            return started;
        }

        // An InferenceService runs as its components: waiting for it is waiting for all of them.
        var task = resource is InferenceServiceResource service
            ? Task.WhenAll(service.Components.Select(c => StartInOrder(c, cancellationToken)))
            : StartAfterAsync(resource, [.. resource.StartsAfter().Select(d => StartInOrder(d, cancellationToken))], cancellationToken);
        _started[resource.Name] = task;
        return task;
    }

    private async Task StartAfterAsync(IResource resource, List<Task> waits, CancellationToken cancellationToken)
    {
        await Task.WhenAll(waits);
        await _runners[resource.Name].StartAsync(cancellationToken);
    }

    /// <summary>Resources in layers: a resource comes in an earlier layer than everything it waits for.</summary>
    private List<List<IResource>> StopLayers()
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        int Depth(IResource resource) => depth.TryGetValue(resource.Name, out var known)
            ? known
            : depth[resource.Name] = resource.StartsAfter().Select(d => Depth(d) + 1).DefaultIfEmpty(0).Max();
        return [.. _model.Resources.Where(r => _runners.ContainsKey(r.Name)).GroupBy(Depth).OrderByDescending(g => g.Key).Select(g => g.ToList())];
    }
}
