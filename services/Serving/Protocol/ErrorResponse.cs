namespace Modelplane.Serving.Protocol;

/// <summary>The body of every error: <c>{"error": "..."}</c>, as KServe writes it.</summary>
public sealed record ErrorResponse(string Error);
