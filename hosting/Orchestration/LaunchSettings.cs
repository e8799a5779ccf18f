namespace Modelplane.Hosting.Orchestration;

/// <summary>What every replica of a run shares: its environment name, where telemetry goes, where logs are kept.</summary>
/// <param name="Environment">The ASP.NET Core environment the services run in (<c>Development</c> by default, as under Aspire).</param>
/// <param name="OtlpEndpoint">The AppHost's <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, passed on to every service.</param>
/// <param name="LogDirectory">Where each replica's output is kept, one file per replica.</param>
internal sealed record LaunchSettings(string Environment, string? OtlpEndpoint, string LogDirectory);
