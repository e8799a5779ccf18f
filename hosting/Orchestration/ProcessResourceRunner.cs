using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Orchestration;

/// <summary>Runs a project or executable resource as one process per replica.</summary>
internal sealed class ProcessResourceRunner : IResourceRunner, IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private readonly HttpClient _probes = new() { Timeout = ProbeTimeout };

    public ProcessResourceRunner(IResource resource, EndpointTable endpoints, Func<LaunchPlanner> planner, StorageInitialization storage, IRunObserver observer, string logDirectory)
    {
        Resource = resource;
        var health = resource.Annotations.Last<HealthCheckAnnotation>();
        Runners = [.. Enumerable.Range(0, EndpointTable.Replicas(resource)).Select(i =>
        {
            var own = endpoints.Of(resource.Name, i);
            var probe = health is null ? null
                : own.TryGetValue(health.Endpoint, out var address) ? new HealthProbe(_probes, new Uri(address, health.Path))
                : throw new GraphException([$"{resource.Name}: its health check uses endpoint '{health.Endpoint}', which it does not have"]);
            return new ReplicaRunner(resource, i, own, stopping => storage.PrepareAsync(planner().Plan(resource, i), stopping), probe, observer, logDirectory);
        })];
    }

    public IResource Resource { get; }

    public IReadOnlyList<ReplicaRunner> Runners { get; }

    public IReadOnlyList<ReplicaStatus> Replicas => [.. Runners.Select(r => r.Status)];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var runner in Runners)
        {
            runner.Start();
        }

        await Task.WhenAll(Runners.Select(r => r.FirstHealthy)).WaitAsync(cancellationToken);
    }

    public async Task StopAsync()
    {
        await Task.WhenAll(Runners.Select(r => r.StopAsync()));
    }

    public void Dispose()
    {
        _probes.Dispose();
        foreach (var runner in Runners)
        {
            runner.Dispose();
        }
    }
}
