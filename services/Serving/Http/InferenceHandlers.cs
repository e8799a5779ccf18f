using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Buffers;
using Modelplane.Serving.Errors;
using Modelplane.Serving.Hosting;
using Modelplane.Serving.Metrics;
using Modelplane.Serving.Models;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Protocol.Json;
using Modelplane.Serving.Protocol.V1;
using Modelplane.Serving.Protocol.V2;

namespace Modelplane.Serving.Http;

/// <summary>The request handlers of the KServe v1 and Open Inference Protocol v2 REST surface.</summary>
internal sealed partial class InferenceHandlers(
    ModelRegistry registry,
    ServingReadiness readiness,
    ServerInfo server,
    IOptions<ServingOptions> options,
    ServingMetrics metrics,
    ILogger<InferenceHandlers> logger)
{
    public static Task LiveAsync(HttpContext context) =>
        JsonResponses.WriteAsync(context, StatusCodes.Status200OK, new LivenessResponse(true), ServingJsonContext.Default.LivenessResponse);

    public Task ServerReadyAsync(HttpContext context)
    {
        var reason = readiness.Check();
        return JsonResponses.WriteAsync(
            context,
            reason is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            new ReadinessResponse(null, reason is null, reason),
            ServingJsonContext.Default.ReadinessResponse);
    }

    public Task ServerMetadataAsync(HttpContext context) =>
        JsonResponses.WriteAsync(context, StatusCodes.Status200OK, server.Metadata, ServingJsonContext.Default.ServerMetadata);

    public async Task ModelMetadataAsync(HttpContext context)
    {
        try
        {
            var model = Resolve(context);
            var metadata = ModelMetadata.Describe(model, registry.Versions(model.Name));
            await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, metadata, ServingJsonContext.Default.ModelMetadata);
        }
        catch (InferenceException e)
        {
            await JsonResponses.WriteErrorAsync(context, e);
        }
    }

    public async Task ModelReadyAsync(HttpContext context)
    {
        try
        {
            var model = Resolve(context);
            var ready = model.IsReady;
            var reason = ready ? null : $"model '{model.Name}' version {model.Version} is not ready: {model.NotReadyReason()}";

            await JsonResponses.WriteAsync(
                context,
                ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
                new ReadinessResponse(model.Name, ready, reason, ready ? model.ReadyReason : null),
                ServingJsonContext.Default.ReadinessResponse);
        }
        catch (InferenceException e)
        {
            await JsonResponses.WriteErrorAsync(context, e);
        }
    }

    public Task ModelListAsync(HttpContext context) => JsonResponses.WriteAsync(
        context, StatusCodes.Status200OK, new ModelListResponse(registry.Names), ServingJsonContext.Default.ModelListResponse);

    public Task InferV2Async(HttpContext context) => InferAsync(context, Protocols.V2);

    public Task PredictV1Async(HttpContext context) => InferAsync(context, Protocols.V1);

    public Task ExplainV1Async(HttpContext context) => InferAsync(context, Protocols.V1Explain);

    private async Task InferAsync(HttpContext context, Protocols protocol)
    {
        var started = Stopwatch.GetTimestamp();
        var name = (string)context.Request.RouteValues["name"]!;
        var status = StatusCodes.Status200OK;
        try
        {
            using var lease = Acquire(context);
            var model = lease.Model;
            using var body = await RequestBody.ReadAsync(context, options.Value.MaxRequestBodySize);
            var request = protocol == Protocols.V2
                ? V2JsonCodec.ReadRequest(body.WrittenMemory, HeaderLength(context.Request))
                : model.ReadV1Request(body.WrittenMemory);
            var response = protocol == Protocols.V1Explain
                ? await model.ExplainAsync(request, context.RequestAborted)
                : await lease.InferAsync(request, context.RequestAborted);

            using var output = new PooledBufferWriter(1024);
            if (protocol == Protocols.V2)
            {
                if (V2JsonCodec.WriteResponse(output, response, BinaryOutputs.Choose(request, response)) is { } jsonLength)
                {
                    context.Response.Headers[V2JsonCodec.HeaderLengthHeader] = jsonLength.ToString(CultureInfo.InvariantCulture);
                    await JsonResponses.WriteAsync(context, status, output, JsonResponses.BinaryContentType);
                    return;
                }
            }
            else
            {
                V1JsonCodec.WriteResponse(output, response);
            }

            await JsonResponses.WriteAsync(context, status, output);
        }
        catch (InferenceException e)
        {
            status = e.StatusCode;
            if (e.Kind == InferenceErrorKind.Internal)
            {
                LogFailed(e, name);
            }
            else
            {
                LogRefused(name, status, e.Message);
            }

            await JsonResponses.WriteErrorAsync(context, e);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            status = 499;
        }
        catch (Exception e)
        {
            status = StatusCodes.Status500InternalServerError;
            LogFailed(e, name);
            await JsonResponses.WriteErrorAsync(context, new InferenceException(InferenceErrorKind.Internal, $"model '{name}' failed: {e.Message}", e));
        }
        finally
        {
            metrics.Record(name, ProtocolName(protocol), status, Stopwatch.GetElapsedTime(started));

            // Once the response is sent, this request's large buffers are garbage and a collection can give them back.
            if (LargeBuffers.CollectionDue)
            {
                context.Response.OnCompleted(static () =>
                {
                    LargeBuffers.CollectIfDue();
                    return Task.CompletedTask;
                });
            }
        }
    }

    // The binary tensor extension: the JSON is the body's first N bytes, the tensors' bytes follow.
    private static long? HeaderLength(HttpRequest request)
    {
        var value = request.Headers[V2JsonCodec.HeaderLengthHeader];
        if (value.Count == 0)
        {
            return null;
        }

        return long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw InferenceException.BadRequest($"{V2JsonCodec.HeaderLengthHeader} must be a whole number of bytes, got '{value}'");
    }

    private InferenceModel Resolve(HttpContext context)
    {
        var values = context.Request.RouteValues;
        return registry.Resolve((string)values["name"]!, values.TryGetValue("version", out var version) ? version as string : null);
    }

    private ModelLease Acquire(HttpContext context)
    {
        var values = context.Request.RouteValues;
        return registry.Acquire((string)values["name"]!, values.TryGetValue("version", out var version) ? version as string : null);
    }

    private static string ProtocolName(Protocols protocol) => protocol switch
    {
        Protocols.V1 => "v1",
        Protocols.V1Explain => "v1-explain",
        _ => "v2",
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "request for model {Model} refused with {Status}: {Reason}")]
    private partial void LogRefused(string model, int status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "request for model {Model} failed")]
    private partial void LogFailed(Exception exception, string model);

    private enum Protocols
    {
        V1,
        V1Explain,
        V2,
    }
}
