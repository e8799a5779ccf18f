using Aspire.Hosting.ApplicationModel;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Variables;

/// <summary>A Modelplane service of the graph, as published: a component or the gateway.</summary>
public interface IModelplaneService : IResource
{
    /// <summary>The project it runs.</summary>
    ServiceProject Project { get; }

    /// <summary>Whether it listens for gRPC on a port of its own.</summary>
    bool HasGrpc { get; }
}
