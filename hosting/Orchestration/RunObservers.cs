namespace Modelplane.Hosting.Orchestration;

/// <summary>Passes every change of a run to several observers, in order.</summary>
public sealed class RunObservers(params IRunObserver[] observers) : IRunObserver
{
    public void ReplicaChanged(ReplicaStatus status)
    {
        foreach (var observer in observers)
        {
            observer.ReplicaChanged(status);
        }
    }
}
