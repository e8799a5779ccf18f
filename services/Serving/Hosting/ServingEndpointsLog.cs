using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Modelplane.Serving.Hosting;

/// <summary>Says where gRPC listens once the server has started, as the web host says it for HTTP.</summary>
internal sealed partial class ServingEndpointsLog(ServingEndpoints endpoints, IHostApplicationLifetime lifetime, ILogger<ServingEndpointsLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            if (endpoints.GrpcAddress is { } grpc)
            {
                LogGrpc(grpc);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "gRPC (HTTP/2) listening on: {Address}")]
    private partial void LogGrpc(Uri address);
}
