namespace Modelplane.Hosting.ApplicationModel;

/// <summary>
/// The resource is healthy when a GET of <see cref="Path"/> on its <see cref="Endpoint"/> answers 2xx: locally the
/// supervisor polls it, published it is the readiness probe.
/// </summary>
public sealed record HealthCheckAnnotation(string Endpoint, string Path) : IResourceAnnotation;
