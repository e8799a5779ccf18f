namespace Modelplane.Serving.Protocol;

/// <summary>The body of <c>GET /v2/health/live</c>.</summary>
public sealed record LivenessResponse(bool Live);
