namespace Modelplane.Bench.Processes;

/// <summary>A server to start: a built assembly run with <c>dotnet</c> from the repository root.</summary>
/// <param name="Name">How the tables call it.</param>
/// <param name="Assembly">The built .dll, relative to the repository root.</param>
/// <param name="Arguments">Arguments before <c>--urls</c>, which the launcher adds.</param>
/// <param name="ReadinessPath">A GET that answers 200 once the server can serve; null when listening is enough.</param>
internal sealed record ServerSpec(string Name, string Assembly, IReadOnlyList<string> Arguments, string? ReadinessPath);
