namespace Modelplane.Hosting.ApplicationModel;

/// <summary>An environment variable the resource's processes get, locally and in the cluster alike.</summary>
public sealed record EnvironmentAnnotation(string Name, string Value) : IResourceAnnotation;
