namespace Modelplane.Bench.Processes;

/// <summary>A server to start: a built assembly run with <c>dotnet</c> from the repository root.</summary>
/// <param name="Name">How the tables call it.</param>
/// <param name="Assembly">The built .dll, relative to the repository root.</param>
/// <param name="Arguments">Arguments before <c>--urls</c>, which the launcher adds.</param>
/// <param name="ReadinessPath">A GET that answers 200 once the server can serve; null when listening is enough.</param>
/// <param name="ServesGrpc">
/// True when the server also listens on an HTTP/2-only gRPC port, which it logs as <c>gRPC (HTTP/2) listening on: URL</c>.
/// </param>
internal sealed record ServerSpec(string Name, string Assembly, IReadOnlyList<string> Arguments, string? ReadinessPath, bool ServesGrpc = false);
