namespace Modelplane.Serving.Protocol;

/// <summary>What <c>GET /v2</c> returns.</summary>
public sealed record ServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions);
