namespace Modelplane.Hosting.Orchestration;

/// <summary>Where a replica is in its life, as the console, <c>status</c> and the tests see it.</summary>
public enum ReplicaState
{
    /// <summary>Waiting for the resources it waits for.</summary>
    Waiting,

    /// <summary>Started, not yet healthy.</summary>
    Starting,

    /// <summary>Healthy: its health check answers (or, without one, it runs).</summary>
    Running,

    /// <summary>Exited on its own; restarted after a back-off.</summary>
    BackingOff,

    /// <summary>Being stopped.</summary>
    Stopping,

    /// <summary>Stopped.</summary>
    Stopped,

    /// <summary>Could not be started at all (a missing program, a port in use); not retried.</summary>
    Failed,
}
