extern alias predictor;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Serving.Hosting;

namespace Modelplane.Transformer.Tests.Hosting;

/// <summary>
/// The real predictor (its own Program) in the test process, on Kestrel at 127.0.0.1 with OS-picked HTTP and gRPC
/// ports, serving a model repository; what the transformer under test calls.
/// </summary>
internal sealed class PredictorHost : WebApplicationFactory<predictor::Program>
{
    private readonly string _repository;

    public PredictorHost(string repository)
    {
        _repository = repository;
        UseKestrel();
    }

    public Uri HttpAddress => Services.GetRequiredService<ServingEndpoints>().HttpAddresses.Single();

    public Uri GrpcAddress => Services.GetRequiredService<ServingEndpoints>().GrpcAddress!;

    /// <summary>Starts the predictor and waits until the models found at start have loaded.</summary>
    public async Task StartAsync()
    {
        StartServer();
        var readiness = Services.GetRequiredService<ServingReadiness>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!readiness.InitialLoadDone)
        {
            await Task.Delay(20, timeout.Token);
        }

        if (readiness.Check() is { } problem)
        {
            throw new InvalidOperationException($"the predictor is not ready: {problem}");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Serving:ModelRepository", _repository);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Serving:GrpcPort", "0");
    }
}
