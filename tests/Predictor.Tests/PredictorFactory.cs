using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modelplane.Serving.Hosting;

namespace Modelplane.Predictor.Tests;

/// <summary>
/// The predictor's own Program, hosted in the test process on real Kestrel at 127.0.0.1 with an OS-picked port,
/// so tests speak HTTP over a socket exactly as clients do.
/// </summary>
internal sealed class PredictorFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly LogCapture? _logs;

    public PredictorFactory(string repository, IReadOnlyDictionary<string, string?>? settings = null, LogCapture? logs = null)
    {
        _logs = logs;
        _settings = new Dictionary<string, string?>
        {
            ["Serving:ModelRepository"] = repository,
            ["urls"] = "http://127.0.0.1:0",
            ["Serving:GrpcPort"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel();
    }

    /// <summary>The gRPC address, once started.</summary>
    public Uri GrpcAddress => Services.GetRequiredService<ServingEndpoints>().GrpcAddress!;

    /// <summary>Starts the server, waits until the models found at start have loaded (ready or failed), and gives a client for it.</summary>
    public async Task<HttpClient> StartAsync()
    {
        StartServer();
        var readiness = Services.GetRequiredService<ServingReadiness>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!readiness.InitialLoadDone)
        {
            await Task.Delay(20, timeout.Token);
        }

        return new HttpClient { BaseAddress = Services.GetRequiredService<ServingEndpoints>().HttpAddresses.Single() };
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_logs is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(_logs));
        }
    }
}
