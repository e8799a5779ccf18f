using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting;

/// <summary>The builder <see cref="PlatformApplicationBuilder.AddResource{T}"/> hands out.</summary>
internal sealed class ResourceBuilder<T>(T resource, PlatformApplicationBuilder applicationBuilder) : IResourceBuilder<T>
    where T : IResource
{
    public T Resource { get; } = resource;

    public PlatformApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;

    public IResourceBuilder<T> WithAnnotation(IResourceAnnotation annotation)
    {
        ArgumentNullException.ThrowIfNull(annotation);
        Resource.Annotations.Add(annotation);
        return this;
    }
}
