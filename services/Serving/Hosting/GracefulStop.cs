using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Routing;

namespace Modelplane.Serving.Hosting;

/// <summary>
/// Stops a model server without losing a request, as a Kubernetes pod leaves its Service before its container stops.
/// Told to stop (SIGTERM, Ctrl+C), the server first stops being chosen: its readiness answers 503, and every answer
/// carries <see cref="ReplicaStateHeader.Draining"/> (with <c>Connection: close</c>) so the gateway leaves it out on
/// the next answer rather than at its next probe. It keeps listening and serving until nothing is in flight and no
/// request has arrived for <see cref="Quiet"/>, at most <see cref="ServingOptions.DrainSeconds"/>; only then does
/// the web server stop. While its models are still loading, its 503s carry <see cref="ReplicaStateHeader.NotReady"/>.
/// </summary>
public sealed partial class GracefulStop(ServingReadiness readiness, IOptions<ServingOptions> options, ILogger<GracefulStop> logger) : IHostedLifecycleService
{
    /// <summary>How long no request may have arrived before a draining server stops: the gateway learns of the stop on its next answer, and requests it sent before then are still on their way.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(250);

    private long _inFlight;
    private long _lastArrival = Stopwatch.GetTimestamp();

    /// <summary>Requests being served now, probes of health and readiness aside.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <inheritdoc/>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        readiness.MarkStopping();
        var seconds = options.Value.DrainSeconds;
        var limit = TimeSpan.FromSeconds(seconds);
        var started = Stopwatch.GetTimestamp();
        var had = InFlight;
        LogDraining(had, seconds);
        while (Stopwatch.GetElapsedTime(started) < limit && !cancellationToken.IsCancellationRequested)
        {
            if (InFlight == 0 && Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastArrival)) >= Quiet)
            {
                var took = Stopwatch.GetElapsedTime(started).TotalSeconds;
                LogDrained(took);
                return;
            }

            await Task.Delay(10, CancellationToken.None);
        }

        if (InFlight is > 0 and var left)
        {
            LogDrainCut(left, seconds);
        }
    }

    /// <inheritdoc/>
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Counts each request and marks the answers of a server that is stopping or still loading. Synchronous when the
    // request completes synchronously, so serving pays no state machine for it.
    private Task ServeAsync(HttpContext context, RequestDelegate next)
    {
        if (!readiness.InitialLoadDone || readiness.Stopping)
        {
            // Only while stopping or loading, so the closure costs nothing in normal serving.
            context.Response.OnStarting(() => MarkAnswer(context));
        }

        if (context.Request.Path.StartsWithSegments("/v2/health", StringComparison.Ordinal))
        {
            return next(context);
        }

        Interlocked.Increment(ref _inFlight);
        Interlocked.Exchange(ref _lastArrival, Stopwatch.GetTimestamp());
        Task served;
        try
        {
            served = next(context);
        }
        catch
        {
            Interlocked.Decrement(ref _inFlight);
            throw;
        }

        if (served.IsCompleted)
        {
            Interlocked.Decrement(ref _inFlight);
            return served;
        }

        return AwaitAsync(served);
    }

    private async Task AwaitAsync(Task served)
    {
        try
        {
            await served;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private Task MarkAnswer(HttpContext context)
    {
        var headers = context.Response.Headers;
        if (readiness.Stopping)
        {
            headers[ReplicaStateHeader.Name] = ReplicaStateHeader.Draining;
            if (!HttpProtocol.IsHttp2(context.Request.Protocol) && !HttpProtocol.IsHttp3(context.Request.Protocol))
            {
                headers.Connection = "close";
            }
        }
        else if (context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable || headers["grpc-status"] == "14")
        {
            // REST's 503, or gRPC's UNAVAILABLE in a trailers-only answer.
            headers[ReplicaStateHeader.Name] = ReplicaStateHeader.NotReady;
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "stopping: readiness answers 503; serving the {InFlight} requests in flight and any still sent, for up to {Seconds:0.#} s (Serving:DrainSeconds)")]
    private partial void LogDraining(long inFlight, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "drained in {Seconds:0.00} s: nothing in flight")]
    private partial void LogDrained(double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stopping with {InFlight} requests still in flight after {Seconds:0.#} s (Serving:DrainSeconds)")]
    private partial void LogDrainCut(long inFlight, double seconds);

    /// <summary>Puts <see cref="ServeAsync"/> first in the server's pipeline, so every request is counted.</summary>
    internal sealed class Filter(GracefulStop stop) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(stop.ServeAsync);
            next(app);
        };
    }
}
