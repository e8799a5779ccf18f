using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Orchestration;

/// <summary>Runs one resource locally: its processes (or its server), until stopped.</summary>
internal interface IResourceRunner
{
    IResource Resource { get; }

    /// <summary>Each replica as it is now.</summary>
    IReadOnlyList<ReplicaStatus> Replicas { get; }

    /// <summary>Starts the resource; completes once it is healthy, fails when it cannot be started at all.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops it gracefully.</summary>
    Task StopAsync();
}
