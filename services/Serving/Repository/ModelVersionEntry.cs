namespace Modelplane.Serving.Repository;

/// <summary>One version directory found in a model repository: <c>{root}/{Name}/{Version}/</c>.</summary>
public sealed record ModelVersionEntry(string Name, string Version, string ModelDirectory, string VersionDirectory);
