using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting;

/// <summary>The finished graph: what runs locally and what publishes, in the order the resources were added.</summary>
public sealed class PlatformApplicationModel(IReadOnlyList<IResource> resources)
{
    /// <summary>Every resource.</summary>
    public IReadOnlyList<IResource> Resources { get; } = resources;

    /// <summary>The resource of a name.</summary>
    public IResource Find(string name) =>
        Resources.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"the graph has no resource named '{name}' (resources: {string.Join(", ", Resources.Select(r => r.Name))})");
}
