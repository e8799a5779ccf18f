namespace Modelplane.Serving.Protocol;

/// <summary>
/// The body of readiness endpoints: <c>{"name": "iris", "ready": true}</c>, with the error when not ready, and for a
/// ready model what it says of itself, such as <c>"reason": "execution provider: cpu"</c>.
/// </summary>
public sealed record ReadinessResponse(string? Name, bool Ready, string? Error = null, string? Reason = null);
