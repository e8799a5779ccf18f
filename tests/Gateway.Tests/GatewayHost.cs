using System.Text.Json.Nodes;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modelplane.Serving.Hosting;

namespace Modelplane.Gateway.Tests;

/// <summary>
/// The gateway's own Program, hosted in the test process on real Kestrel at 127.0.0.1 with OS-picked HTTP and gRPC
/// ports, routing by a route table file of its own (which a test may rewrite) and keeping every line it logs.
/// </summary>
internal sealed class GatewayHost : WebApplicationFactory<Program>
{
    private readonly TemporaryDirectory _directory = new("gateway-routes");
    private readonly Dictionary<string, string?> _settings;

    private GatewayHost(IReadOnlyDictionary<string, string?>? settings)
    {
        RouteTablePath = _directory.Combine("routes.json");
        _settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Serving:GrpcPort"] = "0",
            ["Gateway:RouteTable"] = RouteTablePath,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel();
    }

    public string RouteTablePath { get; }

    public CapturedLogs Logs { get; } = new();

    /// <summary>A client for the gateway's HTTP/1.1 address.</summary>
    public HttpClient Client { get; private set; } = null!;

    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>Writes <paramref name="table"/> as the route table, starts the gateway with <paramref name="settings"/> over its appsettings.json, and waits until it listens.</summary>
    public static async Task<GatewayHost> StartAsync(JsonObject table, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new GatewayHost(settings);
        try
        {
            await host.WriteRouteTableAsync(table);
            host.StartServer();
            var endpoints = host.Services.GetRequiredService<ServingEndpoints>();
            host.Client = new HttpClient { BaseAddress = endpoints.HttpAddresses.Single() };
            host.GrpcAddress = endpoints.GrpcAddress!;
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Rewrites the route table file, as the AppHost or a ConfigMap update does.</summary>
    public Task WriteRouteTableAsync(JsonNode table) => File.WriteAllTextAsync(RouteTablePath, table.ToJsonString());

    /// <summary>A gRPC channel to the gateway; with <paramref name="host"/>, every call carries that Host (HTTP/2 :authority).</summary>
    public GrpcChannel GrpcChannel(string? host = null) => Grpc.Net.Client.GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions
    {
        HttpHandler = host is null ? new SocketsHttpHandler() : new HostHeader(host) { InnerHandler = new SocketsHttpHandler() },
    });

    /// <summary>The gateway's Prometheus metrics.</summary>
    public async Task<string> MetricsAsync() => await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    public override async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await base.DisposeAsync();
        _directory.Dispose();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // Added last, so the test's settings win over the gateway's appsettings.json.
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Logs));
    }

    private sealed class HostHeader(string host) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Host = host;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
