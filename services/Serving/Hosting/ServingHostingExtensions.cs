using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Metrics;
using Modelplane.Serving.Models;
using Modelplane.Serving.Repository;

namespace Modelplane.Serving.Hosting;

/// <summary>Registers the serving SDK in a host: options, the model registry, the background loader, readiness and metrics.</summary>
public static class ServingHostingExtensions
{
    /// <summary>Where a model server listens when nothing says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Command-line switches every model server accepts, mapped onto configuration keys.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>
    {
        ["--model-repository"] = "Serving:ModelRepository",
        ["--model_repository"] = "Serving:ModelRepository",
    };

    /// <summary>Adds the serving services; models come from the registered <see cref="IModelProvider"/>s.</summary>
    public static TBuilder AddServing<TBuilder>(this TBuilder builder, string[] args)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddCommandLine(args, SwitchMappings.ToDictionary());
        UseDefaultUrl(builder.Configuration);
        var services = builder.Services;
        services.AddOptions<ServingOptions>()
            .BindConfiguration(ServingOptions.Section)
            .Validate(o => o.MaxRequestBodySize > 0, "Serving:MaxRequestBodySize must be a positive number of bytes")
            .ValidateOnStart();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<ServingReadiness>();
        services.AddSingleton<ServingMetrics>();
        services.AddHostedService<ModelLoader>();
        services.AddHealthChecks().AddCheck<ModelsHealthCheck>("models", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Listens where KServe's model servers do, port 8080 (on loopback, for a developer's machine), unless the
    /// address is configured: <c>ASPNETCORE_URLS</c>, <c>--urls</c> or <c>ASPNETCORE_HTTP_PORTS</c>, as Aspire,
    /// Kubernetes manifests and container images set it. A default in appsettings.json would outrank those.
    /// </summary>
    private static void UseDefaultUrl(IConfigurationManager configuration)
    {
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]) && string.IsNullOrEmpty(configuration["https_ports"]))
        {
            configuration["urls"] = DefaultUrl;
        }
    }

    /// <summary>
    /// Serves every model of the repository named by <c>Serving:ModelRepository</c> (or <c>--model-repository</c>),
    /// created by <typeparamref name="TFactory"/>.
    /// </summary>
    public static TBuilder AddModelRepository<TBuilder, TFactory>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
        where TFactory : class, IModelFactory
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IModelFactory, TFactory>();
        builder.Services.AddSingleton<IModelProvider, RepositoryModelProvider>();
        builder.Services.AddSingleton<IValidateOptions<ServingOptions>, ModelRepositoryValidator>();
        builder.Services.AddOptions<ServingOptions>()
            .PostConfigure(o => o.ModelRepository = string.IsNullOrWhiteSpace(o.ModelRepository) ? o.ModelRepository : Path.GetFullPath(o.ModelRepository));
        return builder;
    }

    /// <summary>
    /// Checks the configuration, then runs the server. A configuration error is one line on stderr and exit
    /// code 2, not a stack trace; a port already in use is exit code 1.
    /// </summary>
    public static async Task<int> RunServingAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"error: {string.Join("; ", e.Failures)}");
            return 2;
        }

        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }
}
