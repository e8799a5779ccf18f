using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Http;
using Modelplane.Serving.Models;
using Modelplane.Serving.Tests.Models;

namespace Modelplane.Serving.Tests.Http;

/// <summary>
/// A model server on real Kestrel at 127.0.0.1 with OS-picked HTTP and gRPC ports, with a small body limit. As a class
/// fixture it serves iris in versions 1 and 2 and a model that failed to load; <see cref="StartAsync"/> serves others.
/// </summary>
public sealed class ServingHost : IAsyncLifetime
{
    /// <summary>The body limit the host configures, small enough to exceed cheaply.</summary>
    public const int MaxRequestBodySize = 1024;

    private readonly InferenceModel[]? _models;
    private readonly bool _waitForLoad = true;
    private readonly Action<WebApplication>? _configure;
    private WebApplication? _app;

    public ServingHost()
    {
    }

    private ServingHost(InferenceModel[] models, bool waitForLoad = true, Action<WebApplication>? configure = null)
    {
        _models = models;
        _waitForLoad = waitForLoad;
        _configure = configure;
    }

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Where gRPC listens.</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>Starts a host serving <paramref name="models"/> (loaded by the host, as a repository's would be).</summary>
    public static Task<ServingHost> StartAsync(params InferenceModel[] models) => StartAsync(waitForLoad: true, models);

    /// <summary>Starts a host serving <paramref name="models"/>, returning once it listens, while they may still be loading.</summary>
    public static Task<ServingHost> StartLoadingAsync(params InferenceModel[] models) => StartAsync(waitForLoad: false, models);

    /// <summary>Starts a host serving <paramref name="models"/> behind middleware <paramref name="configure"/> adds, such as a key check.</summary>
    public static Task<ServingHost> StartAsync(Action<WebApplication> configure, params InferenceModel[] models) => StartAsync(waitForLoad: true, models, configure);

    /// <summary>Stops the server as SIGTERM does; the task ends when it has stopped.</summary>
    public Task StopAsync() => _app!.StopAsync();

    private static async Task<ServingHost> StartAsync(bool waitForLoad, InferenceModel[] models, Action<WebApplication>? configure = null)
    {
        var host = new ServingHost(models, waitForLoad, configure);
        try
        {
            await host.InitializeAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serving:MaxRequestBodySize"] = MaxRequestBodySize.ToString(CultureInfo.InvariantCulture),
            ["urls"] = "http://127.0.0.1:0",
            ["Serving:GrpcPort"] = "0",
        });
        builder.AddServing(Array.Empty<string>());
        builder.Services.AddSingleton<IModelProvider>(new TestModelProvider(_models ??
        [
            new TestModel("iris", "1", labels: TestModel.IrisLabels),
            new TestModel("iris", "2", labels: TestModel.IrisLabels),
            new TestModel("broken", "1", loadFailure: new InvalidDataException("model.onnx is truncated")),
        ]));

        _app = builder.Build();
        _configure?.Invoke(_app);
        _app.MapInferenceProtocol();
        await _app.StartAsync();

        var readiness = _app.Services.GetRequiredService<ServingReadiness>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (_waitForLoad && !readiness.InitialLoadDone)
        {
            await Task.Delay(10, timeout.Token);
        }

        var endpoints = _app.Services.GetRequiredService<ServingEndpoints>();
        Client = new HttpClient { BaseAddress = endpoints.HttpAddresses.Single() };
        GrpcAddress = endpoints.GrpcAddress!;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
