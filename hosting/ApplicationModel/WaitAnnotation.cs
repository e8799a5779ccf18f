namespace Modelplane.Hosting.ApplicationModel;

/// <summary>The resource starts only once <see cref="Resource"/> is healthy (Aspire's <c>WaitFor</c>).</summary>
public sealed record WaitAnnotation(IResource Resource) : IResourceAnnotation;
