namespace Modelplane.Hosting.Orchestration;

/// <summary>Hears every change of every replica: the console, the state file and the tests.</summary>
public interface IRunObserver
{
    /// <summary>A replica changed state (or its message changed).</summary>
    void ReplicaChanged(ReplicaStatus status);
}
