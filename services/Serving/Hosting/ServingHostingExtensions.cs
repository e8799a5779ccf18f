using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Grpc;
using Modelplane.Serving.Metrics;
using Modelplane.Serving.Models;
using Modelplane.Serving.Repository;

namespace Modelplane.Serving.Hosting;

/// <summary>Registers the serving SDK in a host: options, the model registry, the background loader, readiness and metrics.</summary>
public static class ServingHostingExtensions
{
    private const double MaxDrainSeconds = 24 * 60 * 60;

    /// <summary>Command-line switches every model server accepts, mapped onto configuration keys; KServe spells them with underscores.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>
    {
        ["--model-repository"] = "Serving:ModelRepository",
        ["--model_repository"] = "Serving:ModelRepository",
        ["--grpc-port"] = "Serving:GrpcPort",
        ["--grpc_port"] = "Serving:GrpcPort",
        ["--model-control-mode"] = "Serving:ModelControlMode",
        ["--model-name"] = "Serving:ModelName",
        ["--model_name"] = "Serving:ModelName",
        ["--model_control_mode"] = "Serving:ModelControlMode",
    };

    /// <summary>
    /// Adds the serving services: KServe v1 and Open Inference Protocol v2 over REST and gRPC, the model registry,
    /// the background loader, readiness and metrics; models come from <see cref="IModelProvider"/>s and the repository.
    /// </summary>
    public static TBuilder AddServing<TBuilder>(this TBuilder builder, string[] args)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddCommandLine(args, SwitchMappings.ToDictionary());
        builder.AddServingEndpoints();
        var services = builder.Services;
        services.AddOptions<ServingOptions>()
            .BindConfiguration(ServingOptions.Section)
            .Validate(o => o.MaxRequestBodySize > 0, "Serving:MaxRequestBodySize must be a positive number of bytes")
            .Validate(o => o.RepositoryPollSeconds > 0, "Serving:RepositoryPollSeconds must be more than 0")
            .Validate(o => double.IsFinite(o.DrainSeconds) && o.DrainSeconds is >= 0 and <= MaxDrainSeconds, "Serving:DrainSeconds must be from 0 to 86400 (a day)")
            .ValidateOnStart();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<ServingReadiness>();
        services.AddSingleton<ServingMetrics>();
        services.AddSingleton<ServerInfo>();
        services.AddHostedService<ModelLoader>();
        services.AddSingleton<GracefulStop>();
        services.AddHostedService(sp => sp.GetRequiredService<GracefulStop>());
        services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, GracefulStop.Filter>();
        services.AddOptions<HostOptions>().Configure<IConfiguration>((host, configuration) =>
        {
            // The drain happens inside the host's stop, which would otherwise cut it at its own 30 s. Read from
            // configuration, not the validated options: the host reads this even when a setting fails validation,
            // which must stay the one-line error, not a crash.
            var seconds = double.TryParse(configuration[$"{ServingOptions.Section}:{nameof(ServingOptions.DrainSeconds)}"], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var configured)
                && double.IsFinite(configured)
                ? configured
                : new ServingOptions().DrainSeconds;
            var drain = TimeSpan.FromSeconds(Math.Clamp(seconds, 0, MaxDrainSeconds)) + TimeSpan.FromSeconds(10);
            host.ShutdownTimeout = drain > host.ShutdownTimeout ? drain : host.ShutdownTimeout;
        });
        services.AddHealthChecks().AddCheck<ModelsHealthCheck>("models", tags: ["ready"]);

        services.AddTransient<InferenceGrpcService>();
        services.AddSingleton<IServiceMethodProvider<InferenceGrpcEndpoints>, InferenceGrpcEndpoints.MethodProvider>();
        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<InferenceExceptionInterceptor>();
            var limit = builder.Configuration.GetSection(ServingOptions.Section).Get<ServingOptions>()?.MaxRequestBodySize ?? new ServingOptions().MaxRequestBodySize;
            grpc.MaxReceiveMessageSize = (int)Math.Clamp(limit, 1, int.MaxValue);
            grpc.MaxSendMessageSize = null;
        });
        return builder;
    }

    /// <summary>
    /// Listens on the configured HTTP addresses and, beside them, on an HTTP/2-only gRPC port
    /// (<see cref="ServingEndpoints"/>); for servers that are not model servers too, such as the gateway.
    /// </summary>
    public static TBuilder AddServingEndpoints<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        EndpointOwningServer.Decorate(services);
        services.AddOptions<ServingEndpointsOptions>().BindConfiguration(ServingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServingEndpointsOptions>, ServingEndpointsValidator>();
        services.AddSingleton<ServingEndpoints>();
        services.AddHostedService<ServingEndpointsLog>();

        // Read straight from configuration: options are validated before the server starts, and validating here,
        // while the host is built, would end in a stack trace instead of the one-line error.
        services.AddOptions<KestrelServerOptions>().Configure<IConfiguration, ServingEndpoints>((kestrel, configuration, endpoints) =>
            endpoints.Bind(kestrel, ServingEndpoints.ConfiguredUrls(configuration), GrpcPort(configuration)));
        return builder;
    }

    /// <summary>The configured gRPC port; an unreadable value is left to validation, which names it.</summary>
    internal static int GrpcPort(IConfiguration configuration) =>
        configuration["Serving:GrpcPort"] is { Length: > 0 } text
            ? int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var port) ? port : ServingEndpoints.GrpcOff
            : ServingEndpoints.DefaultGrpcPort;

    /// <summary>
    /// Serves every model of the repository named by <c>Serving:ModelRepository</c> (or <c>--model-repository</c>),
    /// created by <typeparamref name="TFactory"/>.
    /// </summary>
    public static TBuilder AddModelRepository<TBuilder, [System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] TFactory>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
        where TFactory : class, IModelFactory
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IModelFactory, TFactory>();
        builder.Services.AddModelStorage();
        builder.Services.AddSingleton<ModelRepositoryController>();
        builder.Services.AddHostedService<ModelRepositoryPoller>();
        builder.Services.AddSingleton<IValidateOptions<ServingOptions>, ModelRepositoryValidator>();
        return builder;
    }

    /// <summary>
    /// The storage initializer (<see cref="Storage.ModelRepositorySource"/>) and what it needs, reading the model's
    /// location from <c>Serving</c> options and KServe's <c>STORAGE_URI</c>: for a model server, and for an AppHost
    /// that fetches its servers' models before it starts them, as KServe's init container does.
    /// </summary>
    public static IServiceCollection AddModelStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<Storage.StoreMirror>();
        services.AddSingleton<Storage.ModelRepositorySource>();
        services.AddHttpClient(nameof(Storage.ModelRepositorySource));
        services.AddOptions<ServingOptions>()
            .BindConfiguration(ServingOptions.Section)
            .Configure<IConfiguration>((o, configuration) => o.StorageUri ??= configuration["STORAGE_URI"]);
        return services;
    }

    /// <summary>
    /// Checks the configuration, then runs the server (or, with <c>Serving:InitializeStorageTo</c>, only fetches its
    /// models; see <see cref="Storage.StorageInitializer"/>). A configuration error, a value that does not parse
    /// included, is one line on stderr and exit code 2, not a stack trace; a port already in use is exit code 1.
    /// </summary>
    public static async Task<int> RunServingAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception e) when (ValidationFailures(e) is { } failures)
        {
            await Console.Error.WriteLineAsync($"error: {string.Join("; ", failures)}");
            return 2;
        }

        if (app.Configuration[Storage.StorageInitializer.TargetKey] is { Length: > 0 } target)
        {
            return await Storage.StorageInitializer.RunAsync(app.Services, target, app.Lifetime.ApplicationStopping);
        }

        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");

            // Models may still be loading in native code on another thread; ending the process under it crashes it
            // (exit code 139). Stopping the host waits for the loader, and disposing it releases what was loaded.
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            return 1;
        }
    }

    // Settings of several options types that fail together come as one AggregateException; each failure is still one line's part.
    private static List<string>? ValidationFailures(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],

        // A value the binder cannot convert ('2GB' for a number of bytes) fails before any validation; its message names
        // the setting. The binder's source generator (on in the native predictor) throws it from the calling assembly.
        InvalidOperationException binding when binding.Source == "Microsoft.Extensions.Configuration.Binder"
            || binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => [binding.Message],
        AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => null,
    };
}
