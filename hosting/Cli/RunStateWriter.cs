using Modelplane.Hosting.Gateway;
using Modelplane.Hosting.InferenceServices;
using Modelplane.Hosting.Orchestration;

namespace Modelplane.Hosting.Cli;

/// <summary>Keeps the run's state file current, for <c>status</c> in another terminal.</summary>
internal sealed class RunStateWriter(PlatformApplication application) : IRunObserver
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Resource, int Index), ReplicaStatus> _replicas = [];
    private readonly DateTimeOffset _startedAt = DateTimeOffset.Now;

    public void ReplicaChanged(ReplicaStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_lock)
        {
            _replicas[(status.Resource, status.Index)] = status;
            State().Write(application.DataDirectory);
        }
    }

    private RunState State()
    {
        var gateway = application.Model.Resources.OfType<GatewayResource>().FirstOrDefault();
        var gatewayAddress = gateway is null ? null
            : _replicas.Values.FirstOrDefault(r => r.Resource == gateway.Name)?.Endpoints.GetValueOrDefault("http")?.ToString().TrimEnd('/');
        var domain = gateway?.Domain ?? "example.com";
        var services = application.Model.Resources.OfType<InferenceServiceResource>().Select(s => new RunState.Service(
            s.Spec.Name,
            s.Spec.Namespace,
            $"http://{s.Spec.Name}.{s.Spec.Namespace}.{domain}",
            [.. s.Spec.Revisions.Select(r => new RunState.Revision(r.Name, r.TrafficPercent, [.. s.Components.Where(c => c.Revision.Name == r.Name).Select(c => c.Name)]))]));
        var replicas = _replicas.Values.OrderBy(r => r.Resource, StringComparer.Ordinal).ThenBy(r => r.Index)
            .Select(r => new RunState.Replica(r.Resource, r.Index, r.State, r.Restarts, r.Since, r.Message));
        return new RunState(Environment.ProcessId, _startedAt, gatewayAddress, domain, [.. services], [.. replicas]);
    }
}
