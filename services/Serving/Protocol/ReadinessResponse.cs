namespace Modelplane.Serving.Protocol;

/// <summary>The body of readiness endpoints: <c>{"name": "iris", "ready": true}</c>, with the reason when not ready.</summary>
public sealed record ReadinessResponse(string? Name, bool Ready, string? Error = null);
