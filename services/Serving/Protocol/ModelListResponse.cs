namespace Modelplane.Serving.Protocol;

/// <summary>The body of KServe's <c>GET /v1/models</c>: the names of the models served.</summary>
public sealed record ModelListResponse(IReadOnlyList<string> Models);
