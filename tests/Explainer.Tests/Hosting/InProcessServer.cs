using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Serving.Hosting;

namespace Modelplane.Explainer.Tests.Hosting;

/// <summary>
/// A server's own Program (the explainer's, the predictor's or the gateway's) hosted in the test process on real
/// Kestrel at 127.0.0.1 with an OS-picked port, configured by the test's settings over its appsettings.json.
/// </summary>
internal sealed class InProcessServer<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly Dictionary<string, string?> _settings;

    private InProcessServer(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Serving:GrpcPort"] = "-1",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }

        UseKestrel();
    }

    /// <summary>The HTTP address, once started.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>A client for <see cref="Address"/>.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>
    /// Starts the server and, for a model server, waits until the models found at start have loaded (ready or failed);
    /// the gateway has no models to wait for.
    /// </summary>
    public static async Task<InProcessServer<TEntryPoint>> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var server = new InProcessServer<TEntryPoint>(settings);
        try
        {
            server.StartServer();
            if (server.Services.GetService<ServingReadiness>() is { } readiness)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await readiness.WaitForInitialLoadAsync(timeout.Token);
            }

            server.Address = server.Services.GetRequiredService<ServingEndpoints>().HttpAddresses.Single();
            server.Client = new HttpClient { BaseAddress = server.Address };
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await base.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // Added last, so the test's settings win over the server's appsettings.json.
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
    }
}
