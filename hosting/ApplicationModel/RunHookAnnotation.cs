using Modelplane.Hosting.Orchestration;

namespace Modelplane.Hosting.ApplicationModel;

/// <summary>
/// Work a resource needs done on this machine once every port is chosen and before anything starts, such as the
/// gateway's route table; publishers ignore it.
/// </summary>
public abstract class RunHookAnnotation : IResourceAnnotation
{
    /// <summary>Does the work; the supervisor knows every endpoint by now.</summary>
    public abstract Task BeforeStartAsync(Supervisor supervisor, CancellationToken cancellationToken);
}
