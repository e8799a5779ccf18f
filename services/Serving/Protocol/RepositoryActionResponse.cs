namespace Modelplane.Serving.Protocol;

/// <summary>The body KServe answers a repository load or unload with: <c>{"name": "iris", "load": true}</c>.</summary>
public sealed record RepositoryActionResponse(string Name, bool? Load = null, bool? Unload = null);
