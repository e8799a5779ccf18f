using Modelplane.Hosting.ApplicationModel;

namespace Modelplane.Hosting;

/// <summary>A resource being described: every <c>WithX()</c> adds an annotation to it and gives the builder back.</summary>
public interface IResourceBuilder<out T>
    where T : IResource
{
    /// <summary>The resource.</summary>
    T Resource { get; }

    /// <summary>The application it belongs to.</summary>
    PlatformApplicationBuilder ApplicationBuilder { get; }

    /// <summary>Adds an annotation.</summary>
    IResourceBuilder<T> WithAnnotation(IResourceAnnotation annotation);
}
