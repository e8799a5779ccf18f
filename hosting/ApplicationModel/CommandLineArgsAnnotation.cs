namespace Modelplane.Hosting.ApplicationModel;

/// <summary>Arguments the resource's program is started with, after its own.</summary>
public sealed record CommandLineArgsAnnotation(IReadOnlyList<string> Args) : IResourceAnnotation;
