namespace Modelplane.Hosting.ApplicationModel;

/// <summary>Which resources must be healthy before a resource starts.</summary>
internal static class StartOrder
{
    /// <summary>
    /// Those it waits for (<c>WaitFor</c>), and those whose connection string it references: that string exists only
    /// once they run, since a store picks its port and keys as it starts.
    /// </summary>
    public static IEnumerable<IResource> StartsAfter(this IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource)
            .Concat(resource.Annotations.OfType<ReferenceAnnotation>().Select(r => r.Target).Where(t => t is IResourceWithConnectionString))
            .Distinct();
}
