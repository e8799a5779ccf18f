using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Serving.Hosting;
using Modelplane.Transformer.Hosting;

namespace Modelplane.Transformer.Tests.Hosting;

/// <summary>
/// The transformer's own Program in the test process, on Kestrel at 127.0.0.1 with an OS-picked port, configured by a
/// pipeline file (<c>--pipeline</c>), in front of a predictor.
/// </summary>
internal sealed class TransformerHost : WebApplicationFactory<Program>
{
    private readonly TemporaryDirectory? _directory;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<TransformerBuilder>? _steps;

    /// <param name="predictor">The predictor: a URL, host:port or service name.</param>
    /// <param name="file">The pipeline file.</param>
    /// <param name="settings">More settings, such as <c>Transformer:Protocol</c>.</param>
    /// <param name="steps">Custom steps to register, as a Program.cs would.</param>
    /// <param name="directory">A directory the host deletes when disposed.</param>
    public TransformerHost(string predictor, string file, IReadOnlyDictionary<string, string?>? settings = null, Action<TransformerBuilder>? steps = null, TemporaryDirectory? directory = null)
    {
        _directory = directory;
        _settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Serving:GrpcPort"] = "-1",
            ["Transformer:Predictor"] = predictor,
            ["Transformer:Pipeline"] = file,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _steps = steps;
        UseKestrel();
    }

    /// <summary>The gRPC address, once started with <c>Serving:GrpcPort</c> set to 0.</summary>
    public Uri GrpcAddress => Services.GetRequiredService<ServingEndpoints>().GrpcAddress!;

    /// <summary>A transformer whose pipeline file, written for the test, holds <paramref name="models"/> as <c>Transformer:Models</c>.</summary>
    public static TransformerHost ForModels(string predictor, JsonObject models, IReadOnlyDictionary<string, string?>? settings = null, Action<TransformerBuilder>? steps = null)
    {
        var directory = new TemporaryDirectory("transformer-pipeline");
        var file = directory.Combine("pipeline.json");
        File.WriteAllText(file, new JsonObject { ["Transformer"] = new JsonObject { ["Models"] = models.DeepClone() } }.ToJsonString());
        return new TransformerHost(predictor, file, settings, steps, directory);
    }

    /// <summary>Starts the transformer, waits until its pipelines have loaded (ready or failed), and gives a client for it.</summary>
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

        if (_steps is not null)
        {
            builder.ConfigureServices(services => _steps(new TransformerBuilder(services)));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _directory?.Dispose();
        }
    }
}
