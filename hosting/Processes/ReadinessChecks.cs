using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Modelplane.Hosting.Processes;

/// <summary>
/// The health checks through which Aspire learns that a Modelplane process is ready: one <see cref="ReadinessCheck"/>
/// per process. Registered when Aspire first reads its health check options, after the graph is complete, since the
/// replicas of InferenceServices are only made then.
/// </summary>
internal sealed class ReadinessChecks(ModelplaneGraph graph) : IConfigureOptions<HealthCheckServiceOptions>
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(2) };

    public void Configure(HealthCheckServiceOptions options)
    {
        foreach (var process in graph.Resources<IServiceProcess>().Where(p => p.Annotations.OfType<HealthCheckAnnotation>().Any(a => a.Key == KeyOf(p))))
        {
            options.Registrations.Add(new HealthCheckRegistration(KeyOf(process), _ => new ReadinessCheck(process, Client), failureStatus: null, tags: null));
        }
    }

    public static string KeyOf(IResource process) => $"{process.Name}_modelplane_ready";
}

/// <summary>Readiness checks for Modelplane's processes.</summary>
internal static class ReadinessCheckExtensions
{
    /// <summary>Aspire sees the process as healthy once <see cref="ReadinessCheck"/> passes.</summary>
    public static IResourceBuilder<T> WithReadinessCheck<T>(this IResourceBuilder<T> builder)
        where T : IServiceProcess => builder.WithAnnotation(new HealthCheckAnnotation(ReadinessChecks.KeyOf(builder.Resource)));

    /// <summary>Whether the process a snapshot describes is ready: running, and its readiness check passing.</summary>
    public static bool IsReady(this CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy;
}
