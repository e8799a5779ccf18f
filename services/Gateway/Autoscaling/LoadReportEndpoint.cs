using System.Net;
using Microsoft.Extensions.Options;
using Modelplane.Gateway.Proxy;
using Modelplane.Serving.Routing;

namespace Modelplane.Gateway.Autoscaling;

/// <summary>
/// <c>GET /.modelplane/load</c>: the load report (<see cref="LoadReportLine"/>) as newline-delimited JSON, each line
/// flushed as it is written, for as long as the caller reads. Answered only with <see cref="GatewayOptions.LoadReport"/>
/// (404 without) and only to callers on this machine (403 to others), since it names every service and revision.
/// </summary>
internal static class LoadReportEndpoint
{
    public static IEndpointConventionBuilder MapLoadReport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(LoadReportLine.Path, StreamAsync);

    /// <summary>Whether a caller's address is this machine's own (IPv4, IPv6, or IPv4 written as IPv6).</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static async Task StreamAsync(HttpContext context, LoadReporter reporter, IOptions<GatewayOptions> options, IHostApplicationLifetime lifetime)
    {
        if (!options.Value.LoadReport)
        {
            await GatewayErrors.WriteAsync(context, grpc: false, StatusCodes.Status404NotFound,
                $"the load report is off; set {GatewayOptions.Section}:{nameof(GatewayOptions.LoadReport)} to true to turn it on");
            return;
        }

        if (!IsLoopback(context.Connection.RemoteIpAddress))
        {
            await GatewayErrors.WriteAsync(context, grpc: false, StatusCodes.Status403Forbidden,
                "the load report is answered only to callers on the gateway's own machine (loopback)");
            return;
        }

        var lines = reporter.Subscribe();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            var response = context.Response;
            response.ContentType = LoadReportLine.ContentType;
            response.Headers.CacheControl = "no-store";
            await response.StartAsync(stop.Token);
            await foreach (var line in lines.ReadAllAsync(stop.Token))
            {
                // A reader that went away completes the writer, and its stream ends here, quietly.
                if ((await response.BodyWriter.WriteAsync(line, stop.Token)).IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The reader went away, or the gateway is stopping: the end of the stream, not an error.
        }
        finally
        {
            reporter.Unsubscribe(lines);
        }
    }
}
