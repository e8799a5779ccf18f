using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Modelplane.Gateway.Tests;

/// <summary>
/// A small real server in the test process, on Kestrel at 127.0.0.1 with an OS-picked port: a slow upstream, an
/// upstream that echoes what reached it, or a payload-log sink. It answers the gateway's readiness probe.
/// </summary>
internal sealed class LocalServer : IUpstream, IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalServer(WebApplication app, Uri http)
    {
        _app = app;
        Http = http;
    }

    public Uri Http { get; }

    public Uri? Grpc => null;

    /// <summary>Starts a server whose endpoints <paramref name="map"/> adds.</summary>
    public static async Task<LocalServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/v2/health/ready", () => Results.Json(new { ready = true }));
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LocalServer(app, new Uri(address));
    }

    /// <summary>An upstream that answers every request with the headers that reached it, as a JSON object of lists.</summary>
    public static Task<LocalServer> StartEchoAsync() => StartAsync(app => app.Map("/{**path}", (HttpRequest request) =>
        Results.Json(request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToArray()))));

    /// <summary>An upstream that answers every request with its own name and the path that reached it.</summary>
    public static Task<LocalServer> StartNamedAsync(string name) => StartAsync(app => app.Map("/{**path}", (HttpRequest request) =>
        Results.Json(new { server = name, path = request.Path.Value })));

    /// <summary>An upstream that holds every request at <paramref name="gate"/>, then answers 200 with a small JSON body.</summary>
    public static Task<LocalServer> StartGatedAsync(Gate gate) => StartAsync(app => app.Map("/{**path}", async (HttpContext context) =>
    {
        await gate.PassAsync(context.RequestAborted);
        return Results.Json(new { passed = true });
    }));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
