using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Modelplane.Hosting.Processes;

namespace Modelplane.Hosting.Tests.Processes;

/// <summary>
/// A process counts as ready only when the server on its port is the one this start launched (it names its instance on
/// <c>/alive</c>) and its readiness path answers 2xx; anything else is unhealthy with the reason.
/// </summary>
public sealed class ReadinessCheckTests
{
    [Fact]
    public async Task A_server_of_another_start_on_the_port_is_not_taken_for_the_process()
    {
        await using var server = Server.Start(instance: "left-from-an-earlier-run", ready: HttpStatusCode.OK);

        var result = await CheckAsync(new Process(server.Port, "this-start"));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"port {server.Port} is answered by another process than the one started (instance left-from-an-earlier-run)", result.Description);
    }

    [Fact]
    public async Task The_process_is_not_ready_while_its_readiness_path_says_so()
    {
        await using var server = Server.Start(instance: "this-start", ready: HttpStatusCode.ServiceUnavailable);

        var result = await CheckAsync(new Process(server.Port, "this-start"));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"GET {ServicePorts.ReadyPath} answered 503", result.Description);
    }

    [Fact]
    public async Task The_process_it_started_answering_ready_is_healthy()
    {
        await using var server = Server.Start(instance: "this-start", ready: HttpStatusCode.OK);

        var result = await CheckAsync(new Process(server.Port, "this-start"));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task Nothing_listening_on_the_port_is_unhealthy_naming_the_connection_failure()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await CheckAsync(new Process(port, "this-start"));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("Connection refused", result.Description, StringComparison.Ordinal);
    }

    private static async Task<HealthCheckResult> CheckAsync(Process process)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var check = new ReadinessCheck(process, client);
        return await check.CheckHealthAsync(new HealthCheckContext());
    }

    private sealed class Process(int port, string instance) : IServiceProcess
    {
        public string Name => "replica";

        public ResourceAnnotationCollection Annotations { get; } = [];

        public LocalEndpoints? Endpoints { get; } = new(port, null);

        public string? ReadinessPath => ServicePorts.ReadyPath;

        public string? Instance { get; } = instance;
    }

    /// <summary>A server on 127.0.0.1 that names <c>instance</c> on /alive and answers <c>ready</c> on the readiness path.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        private Server(int port, string instance, HttpStatusCode ready)
        {
            Port = port;
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _serving = ServeAsync(instance, ready);
        }

        public int Port { get; }

        public static Server Start(string instance, HttpStatusCode ready)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return new Server(port, instance, ready);
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _serving;
            _listener.Close();
        }

        private async Task ServeAsync(string instance, HttpStatusCode ready)
        {
            while (true)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var path = context.Request.Url!.AbsolutePath;
                context.Response.Headers[Microsoft.Extensions.Hosting.Extensions.InstanceHeader] = instance;
                context.Response.StatusCode = path == ServicePorts.ReadyPath ? (int)ready : path == ServicePorts.AlivePath ? 200 : 404;
                context.Response.Close();
            }
        }
    }
}
