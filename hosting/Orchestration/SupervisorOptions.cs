namespace Modelplane.Hosting.Orchestration;

/// <summary>Where a run keeps its data and logs, and what every service is told about its environment.</summary>
/// <param name="DataDirectory">The store's objects, each replica's log, the route table and the run's state.</param>
/// <param name="Environment">The ASP.NET Core environment of the services.</param>
/// <param name="OtlpEndpoint">Where services send telemetry, when set.</param>
internal sealed record SupervisorOptions(string DataDirectory, string Environment, string? OtlpEndpoint);
