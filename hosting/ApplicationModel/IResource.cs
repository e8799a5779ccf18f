namespace Modelplane.Hosting.ApplicationModel;

/// <summary>Something the AppHost runs or publishes: a named node of the graph, described by its annotations.</summary>
public interface IResource
{
    /// <summary>The resource's name, unique in the graph; it names processes, environment variables and manifests.</summary>
    string Name { get; }

    /// <summary>What the builder said about the resource; runners and publishers read these later.</summary>
    ResourceAnnotationCollection Annotations { get; }
}
