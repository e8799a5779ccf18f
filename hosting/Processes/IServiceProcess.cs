using Aspire.Hosting.ApplicationModel;

namespace Modelplane.Hosting.Processes;

/// <summary>
/// A process Modelplane has DCP run in a local run (a replica, the gateway, the model store): Modelplane checks its
/// readiness itself, starts it again when it exits, and shows it on the console.
/// </summary>
public interface IServiceProcess : IResource
{
    /// <summary>Where it listens on 127.0.0.1.</summary>
    LocalEndpoints? Endpoints { get; }

    /// <summary>The path that answers 2xx once it can serve; null when any answer will do.</summary>
    string? ReadinessPath { get; }

    /// <summary>
    /// The identity the current start of the process was given (<c>MODELPLANE_INSTANCE</c>), which it names on
    /// <c>/alive</c>; readiness counts only when the process that answers is this one. Null for servers that cannot say.
    /// </summary>
    string? Instance { get; }
}
