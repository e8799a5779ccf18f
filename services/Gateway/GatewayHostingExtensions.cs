using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using Modelplane.Gateway.Auth;
using Modelplane.Gateway.Autoscaling;
using Modelplane.Gateway.Limits;
using Modelplane.Gateway.Metrics;
using Modelplane.Gateway.PayloadLogging;
using Modelplane.Gateway.Proxy;
using Modelplane.Gateway.Routing;
using Modelplane.Serving.Hosting;
using OpenTelemetry.Metrics;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace Modelplane.Gateway;

/// <summary>Registers and maps the gateway: its options and route table, YARP, auth, limits, metrics, payload logging and the load report.</summary>
internal static class GatewayHostingExtensions
{
    public static TBuilder AddGateway<TBuilder>(this TBuilder builder, string[] args)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--route-table"] = "Gateway:RouteTable",
            ["--grpc-port"] = "Serving:GrpcPort",
            ["--grpc_port"] = "Serving:GrpcPort",
        });
        builder.AddServingEndpoints();
        var services = builder.Services;
        services.Configure<SocketTransportOptions>(o => o.UnsafePreferInlineScheduling = InlineIo.Enabled);
        services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.Section)
            .Validate(o => o.MaxRequestBodySize > 0, "Gateway:MaxRequestBodySize must be a positive number of bytes")
            .Validate(o => o.HealthCheckIntervalSeconds > 0 && o.EjectionSeconds > 0, "Gateway:HealthCheckIntervalSeconds and Gateway:EjectionSeconds must be more than 0")
            .Validate(o => o.RestOverHttp2InFlight >= 0, "Gateway:RestOverHttp2InFlight must be 0 or more")
            .Validate(o => o.WholeBodyBytes >= 0, "Gateway:WholeBodyBytes must be 0 or more")
            .Validate(o => double.IsFinite(o.HoldSeconds) && o.HoldSeconds is >= 0 and <= 86400, "Gateway:HoldSeconds must be from 0 to 86400 (a day)")
            .Validate(o => o.HoldQueueLength >= 0, "Gateway:HoldQueueLength must be 0 or more")
            .Validate(o => o.ApiKeys.All(k => k.Key.Length > 0 && k.Name.Length > 0), "every Gateway:ApiKeys entry needs a Name and a Key")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, RouteTableValidation>();
        services.AddSingleton<RouteTableSource>();
        services.AddSingleton<ApiKeyCheck>();
        services.AddSingleton<ServiceConcurrency>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<PayloadLog>();
        services.AddHostedService<PayloadLogSender>();
        services.AddHttpClient(nameof(PayloadLogSender));
        services.AddSingleton<IProxyConfigProvider, RouteTableProxyConfig>();
        services.AddSingleton<AppliedRoutes>();
        services.AddSingleton<IConfigChangeListener>(provider => provider.GetRequiredService<AppliedRoutes>());
        services.AddSingleton<IForwarderHttpClientFactory, WholeBodies>();
        services.AddSingleton<ReplicaHolds>();
        services.AddSingleton<IClusterChangeListener, StartingReplicas>();
        services.AddSingleton<ComponentLoad>();
        services.AddSingleton<LoadReporter>();
        services.AddHostedService(provider => provider.GetRequiredService<LoadReporter>());
        services.AddSingleton<ReplicaStateTransform>();
        services.AddReverseProxy().AddTransforms(transforms =>
            transforms.AddResponseTransform(transforms.Services.GetRequiredService<ReplicaStateTransform>().ApplyAsync));
        // A forwarding failure is the router's one warning line, naming service, revision, replica and reason; YARP's
        // own lines for it repeat it with a stack trace, for every failed request and every failed probe. Naming a
        // category in Logging:LogLevel brings its lines back.
        // Its health updater's lines for a replica left out and brought back repeat the holds' own ("holding requests
        // until a replica is ready", "a replica is ready").
        foreach (var category in (string[])["Yarp.ReverseProxy.Forwarder.HttpForwarder", "Yarp.ReverseProxy.Health.ActiveHealthCheckMonitor", "Yarp.ReverseProxy.Health.DestinationHealthUpdater"])
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
            {
                builder.Logging.AddFilter(category, LogLevel.Error);
            }
        }

        // Read before the options exist; a value that is not a boolean is left to their binding, which stops the start naming it.
        if (!bool.TryParse(builder.Configuration[$"{GatewayOptions.Section}:{nameof(GatewayOptions.HttpMetrics)}"], out var httpMetrics) || !httpMetrics)
        {
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddView(GenericHttpMetrics.Drop));
        }

        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        // Prometheus' /metrics names every service and revision: with keys on, it takes a key for all services.
        var keys = app.Services.GetRequiredService<ApiKeyCheck>();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Extensions.MetricsEndpointPath)
                && keys.CheckAllServices(context.Request, Extensions.MetricsEndpointPath) is { } refusal)
            {
                await GatewayErrors.WriteAsync(context, grpc: false, refusal.Status, refusal.Message);
                return;
            }

            await next(context);
        });
        app.MapGet("/v2/health/live", () => Results.Json(new { live = true }));
        app.MapGet("/v2/health/ready", () => Results.Json(new { ready = true }));

        // An endpoint of its own, so the proxy's catch-all route does not take it for a service's request.
        app.MapLoadReport();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<ServiceRouter>();
            proxy.UseMiddleware<HoldUntilReady>();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
            proxy.UseMiddleware<ReplicaRetry>();
        });
        return app;
    }

    /// <summary>A route table that could not be read stops the start with its reason.</summary>
    private sealed class RouteTableValidation(RouteTableSource routes) : IValidateOptions<GatewayOptions>
    {
        public ValidateOptionsResult Validate(string? name, GatewayOptions options) =>
            routes.LoadError is { } error ? ValidateOptionsResult.Fail($"the route table cannot be used: {error}") : ValidateOptionsResult.Success;
    }
}
