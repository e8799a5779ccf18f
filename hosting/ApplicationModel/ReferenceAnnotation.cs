namespace Modelplane.Hosting.ApplicationModel;

/// <summary>
/// The resource uses <see cref="Target"/> (Aspire's <c>WithReference</c>): it gets the target's endpoints as
/// <c>services__{target}__{endpoint}__{i}</c>, or its connection string as <c>ConnectionStrings__{target}</c>.
/// </summary>
public sealed record ReferenceAnnotation(IResource Target) : IResourceAnnotation;
