using Modelplane.Hosting.Orchestration;

namespace Modelplane.Hosting.ApplicationModel;

/// <summary>
/// What a resource does once the whole graph is healthy in a local run, such as the gateway sending each service a
/// first prediction; it gives the lines the console prints (the requests a user can paste).
/// </summary>
public abstract class ReadyAnnotation : IResourceAnnotation
{
    /// <summary>Does the work and gives the lines to print.</summary>
    public abstract Task<IReadOnlyList<string>> OnReadyAsync(Supervisor supervisor, TimeSpan sinceStart, CancellationToken cancellationToken);
}
