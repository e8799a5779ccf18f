using System.Collections.ObjectModel;

namespace Modelplane.Hosting.ApplicationModel;

/// <summary>A resource's annotations, in the order they were added.</summary>
public sealed class ResourceAnnotationCollection : Collection<IResourceAnnotation>
{
    /// <summary>The annotations of one type, in order.</summary>
    public IEnumerable<T> OfType<T>()
        where T : IResourceAnnotation => Items.OfType<T>();

    /// <summary>The last annotation of a type, which wins over earlier ones, or null.</summary>
    public T? Last<T>()
        where T : class, IResourceAnnotation => Items.OfType<T>().LastOrDefault();
}
