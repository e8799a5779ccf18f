using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Modelplane.Serving.Hosting;

/// <summary>Reports the server's model readiness through ASP.NET health checks, so <c>/health</c> and Kubernetes probes see it.</summary>
internal sealed class ModelsHealthCheck(ServingReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.Check() is { } reason ? HealthCheckResult.Unhealthy(reason) : HealthCheckResult.Healthy());
}
