using ServiceDefaultsNames = Microsoft.Extensions.Hosting.Extensions;
using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Modelplane.Hosting.Processes;

/// <summary>
/// Whether a process Modelplane runs is ready: the process that answers on its port is the one this start launched
/// (it names its instance on <c>/alive</c>), and its readiness path answers 2xx. Aspire asks at most every second
/// while a resource starts; the check looks again every 100 ms for up to five seconds itself, so a replica is seen ready
/// within moments of being so, and its dependents start without waiting out Aspire's back-off.
/// </summary>
internal sealed class ReadinessCheck(IServiceProcess process, HttpClient client) : IHealthCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var problem = await ProblemAsync(cancellationToken);
            if (problem is null)
            {
                return HealthCheckResult.Healthy();
            }

            if (waited.Elapsed >= Patience)
            {
                return HealthCheckResult.Unhealthy(problem);
            }

            await Task.Delay(Interval, cancellationToken);
        }
    }

    private async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        if (process.Endpoints is not { } endpoints)
        {
            return "it has no local endpoint";
        }

        try
        {
            if (process.Instance is { } instance)
            {
                using var alive = await client.GetAsync(new Uri(endpoints.HttpUrl, ServicePorts.AlivePath), cancellationToken);
                var answered = alive.Headers.TryGetValues(ServiceDefaultsNames.InstanceHeader, out var values) ? values.FirstOrDefault() : null;
                if (answered != instance)
                {
                    return $"port {endpoints.Http} is answered by another process than the one started (instance {answered ?? "unnamed"})";
                }
            }

            if (process.ReadinessPath is not { } path)
            {
                // Any answer means the server listens (s3rver lists buckets, minio refuses an unsigned request).
                using var any = await client.GetAsync(endpoints.HttpUrl, cancellationToken);
                return null;
            }

            using var ready = await client.GetAsync(new Uri(endpoints.HttpUrl, path), cancellationToken);
            return ready.IsSuccessStatusCode ? null : $"GET {path} answered {(int)ready.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "it did not answer within 2 s";
        }
    }
}
