using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Http;
using Modelplane.Serving.Tests.Models;

namespace Modelplane.Serving.Tests.Http;

/// <summary>
/// A model server on real Kestrel at 127.0.0.1 with an OS-picked port, serving iris in versions 1 and 2 and a model
/// that failed to load, with a small body limit. Started once per test class, stopped after it.
/// </summary>
public sealed class ServingHost : IAsyncLifetime
{
    /// <summary>The body limit the host configures, small enough to exceed cheaply.</summary>
    public const int MaxRequestBodySize = 1024;

    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

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
        builder.Services.AddSingleton<IModelProvider>(new TestModelProvider(
            new TestModel("iris", "1", labels: TestModel.IrisLabels),
            new TestModel("iris", "2", labels: TestModel.IrisLabels),
            new TestModel("broken", "1", loadFailure: new InvalidDataException("model.onnx is truncated"))));

        _app = builder.Build();
        _app.MapInferenceProtocol();
        await _app.StartAsync();

        var readiness = _app.Services.GetRequiredService<ServingReadiness>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!readiness.InitialLoadDone)
        {
            await Task.Delay(10, timeout.Token);
        }

        Client = new HttpClient { BaseAddress = _app.Services.GetRequiredService<ServingEndpoints>().HttpAddresses.Single() };
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
