using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Modelplane.Gateway.Auth;
using Modelplane.Gateway.Autoscaling;
using Modelplane.Gateway.Limits;
using Modelplane.Gateway.Metrics;
using Modelplane.Gateway.PayloadLogging;
using Modelplane.Gateway.Routing;
using Modelplane.Serving.Routing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Modelplane.Gateway.Proxy;

/// <summary>
/// The first step of every proxied request: finds the service (host, model name, or gRPC metadata), checks the API
/// key, the body size and the service's concurrency, picks the revision (by its share, or the one the revision
/// header pins) and the component (explainer for explain, else transformer, else predictor), hands the request to
/// that cluster for YARP to balance and forward, and turns a failed forward into an answer that says what failed.
/// </summary>
internal sealed partial class ServiceRouter(
    RequestDelegate next,
    AppliedRoutes routes,
    IProxyStateLookup proxyState,
    ApiKeyCheck keys,
    ServiceConcurrency concurrency,
    GatewayMetrics metrics,
    ComponentLoad load,
    PayloadLog payloadLog,
    IOptionsMonitor<GatewayOptions> options,
    ILogger<ServiceRouter> logger)
{
    // Payloads larger than this are logged cut short; inference bodies beyond it are images and tensors.
    private const int LoggedBytes = 1 << 20;

    public async Task InvokeAsync(HttpContext context)
    {
        var compiled = routes.Current;
        var request = context.Request;
        var target = RequestTarget.Read(request, compiled);
        var settings = options.CurrentValue;
        var service = target.ServiceName is { } name ? compiled.FindByName(name) : null;
        if (service is null)
        {
            // With keys on, only a caller with a valid key learns which services there are, and only those it may call.
            var (visible, keyRefusal) = keys.Visible(request, compiled.Services.Select(s => s.Name));
            var (status, message) = keyRefusal ?? (StatusCodes.Status404NotFound, NotFoundMessage(request, target, compiled, visible));
            await RefuseAsync(context, target, target.ServiceName ?? string.Empty, status, message);
            return;
        }

        if (keys.Check(request, service.Name) is { } refusal)
        {
            await RefuseAsync(context, target, service.Name, refusal.Status, refusal.Message);
            return;
        }

        ApiKeyCheck.Strip(request);
        if (request.ContentLength > settings.MaxRequestBodySize)
        {
            context.Response.Headers.Connection = "close";
            await RefuseAsync(context, target, service.Name, StatusCodes.Status413PayloadTooLarge,
                $"request body of {request.ContentLength} bytes is over the gateway's limit of {settings.MaxRequestBodySize} bytes (Gateway:MaxRequestBodySize)");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = settings.MaxRequestBodySize;
        }

        // A route table that YARP is applying can name a cluster it has just removed; the next table, a moment
        // later, no longer does: look once more then.
        var pinned = settings.RevisionHeader is { Length: > 0 } header && request.Headers[header].FirstOrDefault() is { Length: > 0 } named ? named : null;
        var pick = Random.Shared.Next(100);
        CompiledRevision? revision;
        string component;
        ComponentRoute? replicas;
        var http2 = false;
        ClusterState? cluster = null;
        for (var attempt = 0; ; attempt++)
        {
            revision = pinned is null ? service.Choose(pick) : service.Find(pinned);
            (component, replicas) = revision?.Target(target.Explain) ?? (string.Empty, null);
            if (revision is null || !CanTake(replicas, target))
            {
                break;
            }

            http2 = target.Grpc
                || (settings.RestOverHttp2 && CompiledRevision.ListensForHttp2(replicas) && concurrency.InFlight(service.Name) >= settings.RestOverHttp2InFlight);
            if (proxyState.TryGetCluster(revision.ClusterId(component, http2), out cluster) || attempt == 1)
            {
                break;
            }

            compiled = await routes.ChangedSinceAsync(compiled, TimeSpan.FromSeconds(1), context.RequestAborted);
            service = compiled.FindByName(service.Name) ?? service;
        }

        if (revision is null)
        {
            await RefuseAsync(context, target, service.Name, StatusCodes.Status404NotFound,
                $"service '{service.Name}' has no revision '{pinned}' (revisions: {string.Join(", ", service.Revisions.Select(r => r.Name))})");
            return;
        }

        if (!CanTake(replicas, target))
        {
            await RefuseAsync(context, target, service.Name, StatusCodes.Status404NotFound, replicas is null
                ? target.Explain
                    ? $"service '{service.Name}' has no explainer; give its InferenceService an explainer to answer explain requests"
                    : $"service '{service.Name}' revision {revision.Name} has no {component}"
                : $"the {component} of service '{service.Name}' does not speak gRPC; send REST requests to it");
            return;
        }

        if (cluster is null)
        {
            await RefuseAsync(context, target, service.Name, StatusCodes.Status503ServiceUnavailable, $"the routes of service '{service.Name}' are being updated; try again");
            return;
        }

        if (!concurrency.TryEnter(service.Name, service.Route.MaxConcurrency))
        {
            await RefuseAsync(context, target, service.Name, StatusCodes.Status503ServiceUnavailable,
                $"service '{service.Name}' has {service.Route.MaxConcurrency} requests in flight, its limit (maxConcurrency); try again shortly");
            return;
        }

        context.Response.Headers[settings.RevisionHeader] = revision.Name;
        context.ReassignProxyRequest(cluster);
        var started = Stopwatch.GetTimestamp();
        metrics.Enter(service.Name, revision.Name);

        // Counted until the gateway is done with the request, its wait for a replica included, also when the client
        // went away: the forward ends then too, and this finally runs.
        var counted = load.Enter(revision, component, started);
        try
        {
            await ForwardAsync(context, target, service, revision, component);
        }
        finally
        {
            var ended = Stopwatch.GetTimestamp();
            counted?.Exit(ended);
            concurrency.Exit(service.Name);
            metrics.Exit(service.Name, revision.Name, component, context.Response.StatusCode, Stopwatch.GetElapsedTime(started, ended));
        }
    }

    private async Task ForwardAsync(HttpContext context, RequestTarget target, CompiledService service, CompiledRevision revision, string component)
    {
        var logged = service.Route.Logger;
        CapturingStream? capture = null;
        if (logged is not null)
        {
            context.Request.EnableBuffering();
            capture = new CapturingStream(context.Response.Body, LoggedBytes);
            context.Response.Body = capture;
        }

        var clientAborted = context.RequestAborted;
        using var deadline = service.Route.TimeoutSeconds > 0 ? CancellationTokenSource.CreateLinkedTokenSource(clientAborted) : null;
        if (deadline is not null)
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(service.Route.TimeoutSeconds));
            context.RequestAborted = deadline.Token;
        }

        try
        {
            await next(context);
        }
        finally
        {
            context.RequestAborted = clientAborted;
        }

        var timedOut = deadline?.IsCancellationRequested == true && !clientAborted.IsCancellationRequested;
        var error = context.Features.Get<IForwarderErrorFeature>();
        var held = context.Features.Get<HoldFailure>();
        if ((error is not null || timedOut || held is not null) && !context.Response.HasStarted && !clientAborted.IsCancellationRequested)
        {
            var (status, message) = Describe(context, service, revision, component, timedOut, options.CurrentValue.MaxRequestBodySize);
            LogForwardFailed(service.Name, revision.Name, component, status, message);
            await GatewayErrors.WriteAsync(context, target.Grpc, status, message);
        }
        else if (error is not null)
        {
            // Nothing more can be sent: the client went away, or the replica failed once its answer had started.
            LogForwardBroken(service.Name, revision.Name, component, ReplicaAddress(context), clientAborted.IsCancellationRequested
                ? "the client went away"
                : $"{error.Error}: {ExceptionChain.Innermost(error.Exception)?.Message}");
        }

        if (logged is not null)
        {
            await LogPayloadsAsync(context, service, revision, component, logged, capture!.Captured);
        }
    }

    // A component with no replicas listed for the request's protocol (a REST-only component asked over gRPC) cannot take it.
    private static bool CanTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] ComponentRoute? replicas, RequestTarget target) =>
        replicas is not null && (!target.Grpc || replicas.Grpc.Count > 0 || replicas.ScaledToZero);

    private static (int Status, string Message) Describe(HttpContext context, CompiledService service, CompiledRevision revision, string component, bool timedOut, long bodyLimit)
    {
        var at = $"service '{service.Name}' revision {revision.Name}";
        var replica = ReplicaAddress(context);
        if (timedOut)
        {
            return (StatusCodes.Status504GatewayTimeout, $"{at}: the {component} did not answer within {service.Route.TimeoutSeconds:0.###} s (timeoutSeconds)");
        }

        if (context.Features.Get<HoldFailure>() is { } held)
        {
            var said = held.LastReason is { } last ? $" (last: {last})" : string.Empty;
            var state = held.FromZero ? "the revision is starting from zero" : "the revision is restarting";
            return (StatusCodes.Status503ServiceUnavailable, held.Reason switch
            {
                HoldFailure.Kind.QueueFull => $"{at}: {state}: {held.Count} requests are already waiting for a ready {component} replica (Gateway:HoldQueueLength){said}; try again shortly",
                HoldFailure.Kind.NotReady => $"{at}: {state}: its {component} replicas answered not ready {held.Count} times in a row{said}; try again shortly",
                HoldFailure.Kind.RoutesChanged => $"the routes of service '{service.Name}' changed while the request waited for a replica; try again",
                HoldFailure.Kind.StartFailed => $"{at}: its {component} could not be started{(held.Waited > TimeSpan.Zero ? $" (waited {held.Waited.TotalSeconds:0.0} s)" : string.Empty)}: {held.LastReason}",
                _ => $"{at}: {state}: no {component} replica became ready within {held.Waited.TotalSeconds:0.#} s (Gateway:HoldSeconds){said}; try again shortly",
            });
        }

        var error = context.Features.Get<IForwarderErrorFeature>()!;
        return error.Error switch
        {
            // A body without a length that outgrows the limit is caught by Kestrel while it streams to the replica.
            ForwarderError.RequestBodyClient when ExceptionChain.Find<BadHttpRequestException>(error.Exception) is { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, $"request body is over the gateway's limit of {bodyLimit} bytes (Gateway:MaxRequestBodySize)"),
            ForwarderError.RequestBodyClient => (StatusCodes.Status400BadRequest, $"the request body could not be read: {ExceptionChain.Innermost(error.Exception)?.Message}"),
            ForwarderError.NoAvailableDestinations => (StatusCodes.Status503ServiceUnavailable, $"{at}: no {component} replica is ready right now"),
            ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout, $"{at}: the {component} replica at {replica} did not answer in time"),
            ForwarderError.Request => (StatusCodes.Status502BadGateway, $"{at}: could not reach the {component} replica at {replica} ({ExceptionChain.Innermost(error.Exception)?.Message})"),
            _ => (StatusCodes.Status502BadGateway, $"{at}: the {component} replica at {replica} failed ({error.Error}: {ExceptionChain.Innermost(error.Exception)?.Message})"),
        };
    }

    private async Task LogPayloadsAsync(HttpContext context, CompiledService service, CompiledRevision revision, string component, PayloadLoggerRoute logged, byte[] response)
    {
        var id = context.Request.Headers["x-request-id"].FirstOrDefault() is { Length: > 0 } requestId ? requestId : Guid.NewGuid().ToString();
        var source = new Uri(ReplicaAddress(context) ?? $"http://{context.Request.Host}/");
        var traceParent = Activity.Current?.Id ?? context.Request.Headers["traceparent"].FirstOrDefault();
        var sink = new Uri(logged.Url);
        if (logged.Mode is "all" or "request")
        {
            var body = context.Request.Body;
            body.Position = 0;
            var buffer = new byte[Math.Min(body.Length, LoggedBytes)];
            await body.ReadExactlyAsync(buffer, context.RequestAborted);
            payloadLog.Enqueue(new PayloadEvent(sink, id, PayloadEvent.RequestType, source, service.Name, service.Route.Namespace, component, revision.Name, context.Request.ContentType, buffer, traceParent));
        }

        if (logged.Mode is "all" or "response")
        {
            payloadLog.Enqueue(new PayloadEvent(sink, id, PayloadEvent.ResponseType, source, service.Name, service.Route.Namespace, component, revision.Name, context.Response.ContentType, response, traceParent));
        }
    }

    /// <summary>The address of the replica the request was sent to, or null when none was chosen.</summary>
    private static string? ReplicaAddress(HttpContext context) => context.GetReverseProxyFeature().ProxiedDestination?.Model.Config.Address;

    private async Task RefuseAsync(HttpContext context, RequestTarget target, string service, int status, string message)
    {
        metrics.Refused(service, status);
        LogRefused(status, message);
        await GatewayErrors.WriteAsync(context, target.Grpc, status, message);
    }

    private static string NotFoundMessage(HttpRequest request, RequestTarget target, CompiledRoutes compiled, IReadOnlyList<string> visible)
    {
        var services = visible.Count == 0 ? "none" : string.Join(", ", visible);
        if (target.ServiceName is { } name)
        {
            return $"service '{name}' is not served by this gateway (services: {services})";
        }

        return target.Grpc
            ? $"name the model of a gRPC request in the '{RequestTarget.GrpcModelHeader}' metadata or the Host (services: {services})"
            : $"no service answers {request.Method} {request.Path}: send to /v1/models/{{name}}..., /v2/models/{{name}}/..., or Host {{service}}.{{namespace}}.{compiled.Table.Domain} (services: {services})";
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "refused with {Status}: {Reason}")]
    private partial void LogRefused(int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "service {Service} revision {Revision} {Component}: the answer from the replica at {Replica} was cut short: {Reason}")]
    private partial void LogForwardBroken(string service, string revision, string component, string? replica, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "service {Service} revision {Revision} {Component}: answered {Status}: {Reason}")]
    private partial void LogForwardFailed(string service, string revision, string component, int status, string reason);
}
