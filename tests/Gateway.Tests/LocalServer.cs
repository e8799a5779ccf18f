using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Modelplane.Gateway.Tests;

/// <summary>
/// A small real server in the test process, on Kestrel at 127.0.0.1 with an OS-picked port: a slow upstream, an
/// upstream that echoes what reached it, or a payload-log sink. It answers the gateway's readiness probe. With an
/// HTTP/2 listener it also serves every route over cleartext HTTP/2 on a second port, as the gRPC port of a server
/// built on the serving SDK does; that port is its <see cref="Grpc"/> address in a route table.
/// </summary>
internal sealed class LocalServer : IUpstream, IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalServer(WebApplication app, Uri http, Uri? http2)
    {
        _app = app;
        Http = http;
        Grpc = http2;
    }

    public Uri Http { get; }

    public Uri? Grpc { get; }

    /// <summary>
    /// Starts a server whose endpoints <paramref name="map"/> adds; with <paramref name="http2Listener"/>, on an HTTP/2-only
    /// port too. Its readiness answers 503 while <paramref name="readiness"/> says false.
    /// </summary>
    public static async Task<LocalServer> StartAsync(Action<WebApplication> map, bool http2Listener = false, Func<bool>? readiness = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            if (http2Listener)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });
        var app = builder.Build();
        app.MapGet("/v2/health/ready", () => readiness?.Invoke() != false
            ? Results.Json(new { ready = true })
            : Results.Json(new { ready = false }, statusCode: StatusCodes.Status503ServiceUnavailable));
        map(app);
        await app.StartAsync();

        // Kestrel reports its addresses in the order of the listeners.
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        return new LocalServer(app, addresses[0], http2Listener ? addresses[1] : null);
    }

    /// <summary>
    /// An upstream that answers every request with the HTTP version and the port it arrived on; with a
    /// <paramref name="gate"/>, requests for the model <c>held</c> wait at it first.
    /// </summary>
    public static Task<LocalServer> StartProtocolEchoAsync(bool http2Listener, Gate? gate = null) => StartAsync(
        app => app.Map("/{**path}", async (HttpContext context) =>
        {
            if (gate is not null && context.Request.Path.StartsWithSegments("/v2/models/held"))
            {
                await gate.PassAsync(context.RequestAborted);
            }

            return Results.Json(new { protocol = context.Request.Protocol, port = context.Connection.LocalPort });
        }),
        http2Listener);

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
