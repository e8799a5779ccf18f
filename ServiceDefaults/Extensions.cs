using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Modelplane's service defaults, as in Aspire's template: OpenTelemetry, health checks, service discovery
/// and resilient HTTP clients; plus a Prometheus <c>/metrics</c> endpoint.
/// </summary>
public static class Extensions
{
    /// <summary>Readiness: every health check, including the models'.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>Liveness: only the checks tagged <c>live</c>.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>Prometheus scraping.</summary>
    public const string MetricsEndpointPath = "/metrics";

    /// <summary>The variable that names the instance an orchestrator started this process as; <c>/alive</c> repeats it.</summary>
    public const string InstanceVariable = "MODELPLANE_INSTANCE";

    /// <summary>The header of <c>/alive</c> that names the instance, so an orchestrator knows the process that answers is the one it started.</summary>
    public const string InstanceHeader = "x-modelplane-instance";

    /// <summary>How many new traces a second a service records when it exports them (<c>Telemetry:TracesPerSecond</c>).</summary>
    public const double DefaultTracesPerSecond = 10;

    /// <summary>The logging category of ASP.NET Core's per-request diagnostics.</summary>
    private const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Adds OpenTelemetry, default health checks, service discovery and resilient HTTP clients.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Logs, metrics and traces through OpenTelemetry. Metrics are always collected (Prometheus scrapes them);
    /// logs, metrics and traces are exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and traces
    /// are only recorded then, since a recorded span with nowhere to go costs every request for nothing; so, then only,
    /// does ASP.NET Core start its per-request Activity and logging scope. A service records at most
    /// <c>Telemetry:TracesPerSecond</c> new traces a second (10 by default) and every trace its caller recorded.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Modelplane.*")
                .AddPrometheusExporter());

        // ASP.NET Core starts an Activity and a logging scope for every request while its Hosting.Diagnostics category
        // logs at any level, for correlation that only exported logs and traces read. Both ride the execution context,
        // which every await then carries: about a fifth of a small request's time in the gateway. Unless traces are
        // exported (their listener starts the Activity anyway) or the configuration names the category, it stays silent;
        // its Information lines ("Request starting") were already below the Warning level set for Microsoft.AspNetCore.
        if (!exportOtlp && builder.Configuration[$"Logging:LogLevel:{HostingDiagnosticsCategory}"] is null)
        {
            builder.Logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
        }

        if (exportOtlp)
        {
            var tracesPerSecond = builder.Configuration.GetValue("Telemetry:TracesPerSecond", DefaultTracesPerSecond);
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new TracesPerSecondSampler(tracesPerSecond))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("Modelplane.*")
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation());
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Adds the <c>self</c> liveness check that Aspire's template adds.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c>, <c>/alive</c> and <c>/metrics</c>. Unlike Aspire's template they are mapped in every
    /// environment, because Kubernetes probes and Prometheus need them in production. When the process was started as
    /// a named instance (<c>MODELPLANE_INSTANCE</c>), <c>/alive</c> names it in the <c>x-modelplane-instance</c> header.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthEndpointPath);
        var alive = new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") };
        if (app.Configuration[InstanceVariable] is { Length: > 0 } instance)
        {
            var write = alive.ResponseWriter;
            alive.ResponseWriter = (context, report) =>
            {
                context.Response.Headers[InstanceHeader] = instance;
                return write(context, report);
            };
        }

        app.MapHealthChecks(AlivenessEndpointPath, alive);
        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath);
        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath) || path.StartsWithSegments(AlivenessEndpointPath) || path.StartsWithSegments(MetricsEndpointPath)
        || path.StartsWithSegments("/v2/health");
}
