namespace Modelplane.Hosting.ApplicationModel;

/// <summary>The base of every resource: a checked name and its annotations.</summary>
public abstract class Resource : IResource
{
    /// <summary>Creates a resource; the name must be a Kubernetes-style name, since it is published as one.</summary>
    protected Resource(string name)
    {
        ResourceNames.ThrowIfInvalid(name);
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ResourceAnnotationCollection Annotations { get; } = [];

    /// <inheritdoc />
    public override string ToString() => Name;
}
